package dev.durable.processor.rules;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.durable.processor.CodeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Whether a value only ever reaches a log line: {@code long start = System.nanoTime(); ...
 * log.info("took {} ms", (System.nanoTime() - start) / 1_000_000)}, or a {@code UUID} printed for
 * correlation. Such a value differs on replay, but nothing the workflow decides or records depends
 * on it, so the clock and randomness rules allow it (issue 21). The value may pass through
 * arithmetic, string concatenation, casts, local variables and value methods of {@code java.lang},
 * {@code java.time}, {@code java.util.UUID} and {@code TimeUnit}; a comparison, a condition, a
 * field, a return or any other call ends the trace as "used".
 */
final class LoggedValues {
  private static final int MAX_DEPTH = 6;

  private static final Set<Tree.Kind> VALUE_OPERATORS =
      Set.of(
          Tree.Kind.PLUS,
          Tree.Kind.MINUS,
          Tree.Kind.MULTIPLY,
          Tree.Kind.DIVIDE,
          Tree.Kind.REMAINDER);

  private static final Set<String> PRINT_METHODS = Set.of("print", "println", "printf", "format");

  private LoggedValues() {}

  /** Whether the value of the expression at {@code context.currentPath()} only reaches logs. */
  static boolean onlyLogged(CodeContext context) {
    return onlyLogged(context.currentPath(), context, 0);
  }

  private static boolean onlyLogged(TreePath value, CodeContext context, int depth) {
    if (depth > MAX_DEPTH || value.getParentPath() == null) {
      return false;
    }
    TreePath parentPath = value.getParentPath();
    Tree parent = parentPath.getLeaf();
    if (parent instanceof ParenthesizedTree || parent instanceof TypeCastTree) {
      return onlyLogged(parentPath, context, depth);
    }
    if (parent instanceof BinaryTree binary) {
      return VALUE_OPERATORS.contains(binary.getKind()) && onlyLogged(parentPath, context, depth);
    }
    if (parent instanceof MemberSelectTree
        && parentPath.getParentPath() != null
        && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree call) {
      // value.toString(), instant.toEpochMilli(): a value method on the value.
      return isValueMethod(call, context) && onlyLogged(parentPath.getParentPath(), context, depth);
    }
    if (parent instanceof MethodInvocationTree call
        && call.getArguments().contains(value.getLeaf())) {
      return isLogCall(call, context)
          || (isValueMethod(call, context) && onlyLogged(parentPath, context, depth));
    }
    Element variable = parent instanceof VariableTree ? context.elementOf(parent) : null;
    if (variable != null
        && variable.getKind() == ElementKind.LOCAL_VARIABLE
        && ((VariableTree) parent).getInitializer() == value.getLeaf()) {
      // A value nothing reads is not "only logged": it takes a log line to be allowed.
      List<TreePath> uses = usesOf(variable, parentPath, context);
      for (TreePath use : uses) {
        if (!onlyLogged(use, context, depth + 1)) {
          return false;
        }
      }
      return !uses.isEmpty();
    }
    return false;
  }

  private static boolean isLogCall(MethodInvocationTree call, CodeContext context) {
    if (!(context.elementOf(call) instanceof ExecutableElement method)
        || !(method.getEnclosingElement() instanceof TypeElement owner)) {
      return false;
    }
    String simple = owner.getSimpleName().toString();
    String name = owner.getQualifiedName().toString();
    return simple.endsWith("Logger")
        || simple.equals("Log")
        || (name.equals("java.io.PrintStream")
            && PRINT_METHODS.contains(method.getSimpleName().toString()));
  }

  private static boolean isValueMethod(MethodInvocationTree call, CodeContext context) {
    if (!(context.elementOf(call) instanceof ExecutableElement method)
        || !(method.getEnclosingElement() instanceof TypeElement owner)) {
      return false;
    }
    String name = owner.getQualifiedName().toString();
    return name.startsWith("java.time.")
        || name.equals("java.lang.String")
        || name.equals("java.lang.Long")
        || name.equals("java.lang.Integer")
        || name.equals("java.lang.Double")
        || name.equals("java.lang.Math")
        || name.equals("java.lang.Object")
        || name.equals("java.util.UUID")
        || name.equals("java.util.Objects")
        || name.equals("java.util.concurrent.TimeUnit");
  }

  /**
   * Every read of {@code variable} in the method, lambda or class body around {@code declaration}.
   */
  static List<TreePath> usesOf(
      Element variable, TreePath declaration, CodeContext context) {
    TreePath scope = declaration;
    while (scope.getParentPath() != null
        && !(scope.getLeaf() instanceof MethodTree)
        && !(scope.getLeaf() instanceof LambdaExpressionTree)
        && !(scope.getLeaf() instanceof ClassTree)) {
      scope = scope.getParentPath();
    }
    List<TreePath> uses = new ArrayList<>();
    TreePath root = scope;
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        if (variable.equals(context.elementOf(node))) {
          uses.add(getCurrentPath());
        }
        return null;
      }
    }.scan(root, null);
    return uses;
  }
}
