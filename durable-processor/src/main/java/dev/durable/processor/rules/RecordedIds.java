package dev.durable.processor.rules;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.durable.processor.CodeContext;
import dev.durable.processor.Messages;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Whether a value ends up in an id that the workflow's history records by value (issue 16): the
 * id of a child workflow ({@code Durable.child(Laptop.class, id)}) or the target of {@code
 * Durable.sendEvent(id, ...)}. The history names those entries by the id ({@code
 * Durable.startChild(<id>)}), so an id that differs on replay breaks the run, not just a value;
 * the clock and randomness rules use this to say so, with a fix for ids.
 *
 * <p>The value is followed, like {@link LoggedValues}, through string concatenation and
 * arithmetic, parentheses, casts, conditionals, value methods ({@code toString()}, {@code
 * String.valueOf}, {@code String.format}, {@code substring}...), a generator's draws ({@code new
 * Random().nextInt()}) and local variables.
 */
final class RecordedIds {
  private static final int MAX_DEPTH = 6;

  private RecordedIds() {}

  /** The explanation for the value at {@code context.currentPath()} if it builds such an id. */
  static Optional<String> explanation(CodeContext context) {
    return target(context.currentPath(), context, 0);
  }

  private static Optional<String> target(TreePath value, CodeContext context, int depth) {
    if (depth > MAX_DEPTH || value.getParentPath() == null) {
      return Optional.empty();
    }
    TreePath parentPath = value.getParentPath();
    Tree parent = parentPath.getLeaf();
    if (parent instanceof ParenthesizedTree
        || parent instanceof TypeCastTree
        || parent instanceof BinaryTree
        || (parent instanceof ConditionalExpressionTree conditional
            && conditional.getCondition() != value.getLeaf())) {
      return target(parentPath, context, depth);
    }
    if (parent instanceof MemberSelectTree
        && parentPath.getParentPath() != null
        && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree call
        && isValueMethod(call, context)) {
      // uuid.toString(), instant.toEpochMilli(): a value method on the value.
      return target(parentPath.getParentPath(), context, depth);
    }
    if (parent instanceof MethodInvocationTree call) {
      int index = call.getArguments().indexOf((ExpressionTree) value.getLeaf());
      if (index < 0) {
        return Optional.empty();
      }
      Optional<String> id = idArgument(call, index, context);
      return id.isPresent() || !isValueMethod(call, context)
          ? id
          : target(parentPath, context, depth);
    }
    Element variable = parent instanceof VariableTree ? context.elementOf(parent) : null;
    if (variable != null
        && variable.getKind() == ElementKind.LOCAL_VARIABLE
        && ((VariableTree) parent).getInitializer() == value.getLeaf()) {
      for (TreePath use : LoggedValues.usesOf(variable, parentPath, context)) {
        Optional<String> id = target(use, context, depth + 1);
        if (id.isPresent()) {
          return id;
        }
      }
    }
    return Optional.empty();
  }

  /** The explanation if argument {@code index} of {@code call} is a recorded id. */
  private static Optional<String> idArgument(
      MethodInvocationTree call, int index, CodeContext context) {
    if (!(context.elementOf(call) instanceof ExecutableElement method)
        || !NoOrchestrationInStepRule.isDurable(method)) {
      return Optional.empty();
    }
    String name = method.getSimpleName().toString();
    if (name.equals("child") && index == 1) {
      return Optional.of(Messages.NON_DETERMINISTIC_CHILD_ID);
    }
    if (name.equals("sendEvent") && index == 0) {
      return Optional.of(Messages.NON_DETERMINISTIC_EVENT_TARGET);
    }
    return Optional.empty();
  }

  private static boolean isValueMethod(MethodInvocationTree call, CodeContext context) {
    if (!(context.elementOf(call) instanceof ExecutableElement method)
        || !(method.getEnclosingElement() instanceof TypeElement owner)) {
      return false;
    }
    String name = owner.getQualifiedName().toString();
    // A generator's draws are its value: new Random().nextInt() is as random as the generator.
    return name.startsWith("java.time.")
        || name.startsWith("java.lang.")
        || name.equals("java.util.UUID")
        || name.equals("java.util.Objects")
        || name.equals("java.util.Random")
        || name.equals("java.util.SplittableRandom")
        || name.equals("java.util.concurrent.ThreadLocalRandom");
  }
}
