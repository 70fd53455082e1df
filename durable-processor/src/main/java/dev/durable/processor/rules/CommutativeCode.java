package dev.durable.processor.rules;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.durable.processor.CodeContext;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Code whose effect is the same whatever order a loop runs it in: integer accumulation ({@code
 * total += e.getValue()}, {@code count++}) and filling a sorted, enum-keyed or hash-based
 * collection ({@code EnumMap.put}, {@code TreeSet.add}, {@code HashMap.merge(k, 1, Integer::sum)};
 * not a {@code LinkedHashMap}, which keeps the order), with conditions and local variables made of
 * pure expressions. A call is pure if it is a known accessor or value method of the JDK, or a
 * method of this compilation that returns a value and does not reach the engine (see {@link
 * StepReach}); a call to a step, or to anything else, is not. Floating-point sums are left out:
 * their last bits depend on the order.
 */
final class CommutativeCode {
  private CommutativeCode() {}

  private static final Set<Tree.Kind> COMMUTATIVE_ASSIGNMENTS =
      Set.of(
          Tree.Kind.PLUS_ASSIGNMENT,
          Tree.Kind.MINUS_ASSIGNMENT,
          Tree.Kind.MULTIPLY_ASSIGNMENT,
          Tree.Kind.AND_ASSIGNMENT,
          Tree.Kind.OR_ASSIGNMENT,
          Tree.Kind.XOR_ASSIGNMENT);

  /**
   * Collections whose content and order do not depend on the order they are filled in: sorted and
   * enum-keyed ones, and hash-based ones (their order is checked where they are iterated).
   */
  private static final Set<String> ORDER_FREE_TARGETS =
      Set.of(
          "java.util.SortedMap",
          "java.util.SortedSet",
          "java.util.EnumMap",
          "java.util.EnumSet",
          "java.util.HashMap",
          "java.util.HashSet",
          "java.util.concurrent.ConcurrentHashMap");

  /** Subtypes of the above that remember insertion order. */
  private static final Set<String> INSERTION_ORDERED =
      Set.of("java.util.LinkedHashMap", "java.util.LinkedHashSet");

  private static final Set<String> FILLING_METHODS =
      Set.of("put", "putAll", "putIfAbsent", "merge", "add", "addAll");

  /** Read-only methods of maps, entries and collections. */
  private static final Set<String> ACCESSORS =
      Set.of(
          "getKey",
          "getValue",
          "get",
          "getOrDefault",
          "containsKey",
          "contains",
          "size",
          "isEmpty");

  private static final Set<String> PURE_OWNERS =
      Set.of(
          "java.lang.Math",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Short",
          "java.lang.Byte",
          "java.lang.Boolean",
          "java.lang.Character",
          "java.lang.String",
          "java.util.Objects",
          "java.lang.Enum",
          "java.lang.Number",
          "java.math.BigDecimal",
          "java.math.BigInteger");

  private static final Set<String> COMMUTATIVE_OPERATORS =
      Set.of(
          "java.lang.Integer#sum",
          "java.lang.Integer#max",
          "java.lang.Integer#min",
          "java.lang.Long#sum",
          "java.lang.Long#max",
          "java.lang.Long#min",
          "java.lang.Math#max",
          "java.lang.Math#min",
          "java.lang.Math#addExact",
          "java.math.BigInteger#add",
          "java.math.BigDecimal#add");

  static boolean statementIsCommutative(StatementTree statement, CodeContext context) {
    if (statement instanceof BlockTree block) {
      for (StatementTree inner : block.getStatements()) {
        if (!statementIsCommutative(inner, context)) {
          return false;
        }
      }
      return true;
    }
    if (statement instanceof ExpressionStatementTree expression) {
      return expressionIsCommutative(expression.getExpression(), context);
    }
    if (statement instanceof VariableTree local) {
      return local.getInitializer() == null || isPure(local.getInitializer(), context);
    }
    if (statement instanceof EnhancedForLoopTree loop) {
      return isPure(loop.getExpression(), context)
          && statementIsCommutative(loop.getStatement(), context);
    }
    if (statement instanceof IfTree branch) {
      return isPure(branch.getCondition(), context)
          && statementIsCommutative(branch.getThenStatement(), context)
          && (branch.getElseStatement() == null
              || statementIsCommutative(branch.getElseStatement(), context));
    }
    return statement instanceof EmptyStatementTree;
  }

  static boolean expressionIsCommutative(ExpressionTree expression, CodeContext context) {
    if (expression instanceof CompoundAssignmentTree assignment) {
      return COMMUTATIVE_ASSIGNMENTS.contains(assignment.getKind())
          && isIntegral(context.typeOf(assignment.getVariable()))
          && isPure(assignment.getExpression(), context);
    }
    if (expression instanceof UnaryTree unary && isIncrement(unary)) {
      return isIntegral(context.typeOf(unary.getExpression()));
    }
    if (expression instanceof MethodInvocationTree call
        && call.getMethodSelect() instanceof MemberSelectTree select
        && context.elementOf(call) instanceof ExecutableElement callee
        && FILLING_METHODS.contains(callee.getSimpleName().toString())
        && isOrderFreeTarget(targetType(select.getExpression(), context), context)) {
      for (ExpressionTree argument : call.getArguments()) {
        if (!isPure(argument, context) && !isCommutativeOperator(argument, context)) {
          return false;
        }
      }
      return isPure(select.getExpression(), context);
    }
    return false;
  }

  /** {@code Integer::sum}, {@code Math::max}, or a lambda {@code (a, b) -> a + b}. */
  static boolean isCommutativeOperator(ExpressionTree operator, CodeContext context) {
    if (operator instanceof MemberReferenceTree reference
        && context.elementOf(reference) instanceof ExecutableElement method
        && method.getEnclosingElement() instanceof TypeElement owner) {
      return COMMUTATIVE_OPERATORS.contains(
          owner.getQualifiedName() + "#" + method.getSimpleName());
    }
    return operator instanceof LambdaExpressionTree lambda
        && lambda.getParameters().size() == 2
        && lambda.getBody() instanceof BinaryTree binary
        && (binary.getKind() == Tree.Kind.PLUS || binary.getKind() == Tree.Kind.MULTIPLY)
        && isIntegral(context.typeOf(binary))
        && isPure(binary, context);
  }

  /** No assignment, no object creation, and only calls to known pure accessors. */
  static boolean isPure(ExpressionTree expression, CodeContext context) {
    boolean[] impure = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree node, Void unused) {
        impure[0] = true;
        return null;
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
        impure[0] = true;
        return null;
      }

      @Override
      public Void visitUnary(UnaryTree node, Void unused) {
        impure[0] |= isIncrement(node);
        return super.visitUnary(node, unused);
      }

      @Override
      public Void visitNewClass(NewClassTree node, Void unused) {
        impure[0] = true;
        return null;
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree node, Void unused) {
        impure[0] = true;
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        if (!(context.elementOf(node) instanceof ExecutableElement callee)
            || !isPureCall(callee, context)) {
          impure[0] = true;
          return null;
        }
        return super.visitMethodInvocation(node, unused);
      }
    }.scan(expression, null);
    return !impure[0];
  }

  private static boolean isPureCall(ExecutableElement callee, CodeContext context) {
    if (context.model().isStep(callee) || context.model().isWorkflowMethod(callee)) {
      return false;
    }
    if (!(callee.getEnclosingElement() instanceof TypeElement owner)) {
      return false;
    }
    String ownerName = owner.getQualifiedName().toString();
    String name = callee.getSimpleName().toString();
    if (PURE_OWNERS.contains(ownerName) || ownerName.startsWith("java.time.")) {
      return !name.equals("now") && !name.equals("hashCode");
    }
    if (owner.getKind() == ElementKind.RECORD && callee.getParameters().isEmpty()) {
      for (Element component : owner.getRecordComponents()) {
        if (component.getSimpleName().equals(callee.getSimpleName())) {
          return true;
        }
      }
    }
    if (ACCESSORS.contains(name) && ownerName.startsWith("java.util.")) {
      return true;
    }
    // A helper of this compilation that computes a value without reaching the engine
    // (priceCents(fruit)): running it in another order changes nothing replay depends on.
    return callee.getReturnType().getKind() != TypeKind.VOID
        && context.sourceOf(callee).isPresent()
        && !StepReach.reachesEngine(callee, context);
  }

  /**
   * The receiver's type, or the type its variable was initialized with ({@code Map m = new
   * EnumMap<>(..)}).
   */
  private static TypeMirror targetType(ExpressionTree receiver, CodeContext context) {
    if (context.elementOf(receiver) instanceof VariableElement variable) {
      Optional<ExpressionTree> initializer = context.initializerOf(variable);
      if (initializer.isPresent() && initializer.get() instanceof NewClassTree) {
        return context.typeOf(initializer.get());
      }
    }
    return context.typeOf(receiver);
  }

  private static boolean isOrderFreeTarget(TypeMirror type, CodeContext context) {
    return isSubtypeOfAny(type, ORDER_FREE_TARGETS, context)
        && !isSubtypeOfAny(type, INSERTION_ORDERED, context);
  }

  private static boolean isSubtypeOfAny(TypeMirror type, Set<String> names, CodeContext context) {
    for (String name : names) {
      TypeElement target = context.elements().getTypeElement(name);
      if (target != null
          && context
              .types()
              .isSubtype(context.types().erasure(type), context.types().erasure(target.asType()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isIncrement(UnaryTree unary) {
    return switch (unary.getKind()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  private static boolean isIntegral(TypeMirror type) {
    if (type == null) {
      return false;
    }
    TypeKind kind = type.getKind();
    if (kind == TypeKind.INT
        || kind == TypeKind.LONG
        || kind == TypeKind.SHORT
        || kind == TypeKind.BYTE) {
      return true;
    }
    String name = type.toString();
    return name.equals("java.lang.Integer")
        || name.equals("java.lang.Long")
        || name.equals("java.math.BigInteger");
  }
}
