package dev.durable.processor.rules;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.durable.processor.CodeContext;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Whether an iteration's result cannot depend on the order it visits the elements (issue 21's
 * noise): a stream that is {@code sorted()} before anything order-dependent, or that ends in {@code
 * anyMatch}, {@code count}, {@code sum}, {@code min}, {@code collect(toSet())}...; and a loop or
 * {@code forEach} whose body only adds integers ({@code total += e.getValue()}) or fills a sorted
 * or enum-keyed collection ({@code byFruit.put(k, v)} on an {@code EnumMap}). Anything else counts
 * as order-dependent, in particular a body that calls a step.
 */
final class OrderInsensitiveUse {
  private OrderInsensitiveUse() {}

  /** Stream operations that neither depend on nor fix the order. */
  private static final Set<String> PASS_THROUGH =
      Set.of(
          "map",
          "mapToInt",
          "mapToLong",
          "mapToDouble",
          "mapToObj",
          "filter",
          "flatMap",
          "distinct",
          "boxed",
          "asLongStream",
          "asDoubleStream",
          "unordered");

  /** Terminal operations whose result is the same in any order. */
  private static final Set<String> ORDERLESS_ENDINGS =
      Set.of(
          "anyMatch",
          "allMatch",
          "noneMatch",
          "count",
          "sum",
          "min",
          "max",
          "average",
          "summaryStatistics");

  private static final Set<String> ORDERLESS_COLLECTORS =
      Set.of(
          "toSet",
          "toUnmodifiableSet",
          "counting",
          "summingInt",
          "summingLong",
          "averagingInt",
          "averagingLong",
          "averagingDouble",
          "summarizingInt",
          "summarizingLong",
          "summarizingDouble",
          "toMap",
          "toUnmodifiableMap",
          "toConcurrentMap");

  /**
   * Whether the iteration at {@code site} ({@code context.currentPath()}) ignores order: a loop's
   * body, a {@code forEach} lambda's body, or the pipeline that follows {@code stream()}.
   */
  static boolean ignoresOrder(Tree site, ExecutableElement callee, CodeContext context) {
    if (site instanceof EnhancedForLoopTree loop) {
      return !isEmpty(loop.getStatement())
          && CommutativeCode.statementIsCommutative(loop.getStatement(), context);
    }
    if (!(site instanceof MethodInvocationTree invocation)) {
      return false;
    }
    switch (callee.getSimpleName().toString()) {
      case "forEach":
        return invocation.getArguments().size() == 1
            && invocation.getArguments().get(0) instanceof LambdaExpressionTree lambda
            && lambdaIsCommutative(lambda, context);
      case "stream":
        return pipelineIgnoresOrder(context.currentPath(), context);
      default:
        return false;
    }
  }

  private static boolean lambdaIsCommutative(LambdaExpressionTree lambda, CodeContext context) {
    Tree body = lambda.getBody();
    return body instanceof BlockTree block
        ? !isEmpty(block) && CommutativeCode.statementIsCommutative(block, context)
        : body instanceof ExpressionTree expression
            && CommutativeCode.expressionIsCommutative(expression, context);
  }

  /** An empty body proves nothing either way; it is left to the rules (tests iterate this way). */
  private static boolean isEmpty(Tree statement) {
    return statement instanceof BlockTree block && block.getStatements().isEmpty();
  }

  /** Follows {@code x.stream().a().b()...} from the {@code stream()} call at {@code path}. */
  private static boolean pipelineIgnoresOrder(TreePath path, CodeContext context) {
    TreePath current = path;
    while (current.getParentPath() != null
        && current.getParentPath().getLeaf() instanceof MemberSelectTree select
        && current.getParentPath().getParentPath() != null
        && current.getParentPath().getParentPath().getLeaf() instanceof MethodInvocationTree next) {
      String operation = select.getIdentifier().toString();
      if (operation.equals("sorted") || ORDERLESS_ENDINGS.contains(operation)) {
        return true;
      }
      if (operation.equals("collect")) {
        return next.getArguments().size() == 1
            && isOrderlessCollector(next.getArguments().get(0), context);
      }
      if (operation.equals("reduce")) {
        return next.getArguments().size() == 2
            && CommutativeCode.isCommutativeOperator(next.getArguments().get(1), context);
      }
      if (!PASS_THROUGH.contains(operation)) {
        return false;
      }
      current = current.getParentPath().getParentPath();
    }
    return false;
  }

  private static boolean isOrderlessCollector(ExpressionTree collector, CodeContext context) {
    if (!(collector instanceof MethodInvocationTree call)
        || !(context.elementOf(call) instanceof ExecutableElement factory)
        || !((TypeElement) factory.getEnclosingElement())
            .getQualifiedName()
            .contentEquals("java.util.stream.Collectors")) {
      return false;
    }
    String name = factory.getSimpleName().toString();
    if (ORDERLESS_COLLECTORS.contains(name)) {
      return true;
    }
    // groupingBy(key, downstream): the groups' content is orderless if the downstream is.
    return (name.equals("groupingBy") || name.equals("partitioningBy"))
        && call.getArguments().size() == 2
        && isOrderlessCollector(call.getArguments().get(1), context);
  }
}
