package dev.durable.processor.rules;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import dev.durable.processor.CodeContext;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Whether an iterated collection is also used inside a {@code Durable.async} branch of the same
 * method, so that branches may write it concurrently. The hash-order rule then names a fix that is
 * safe for concurrent writes instead of an {@code EnumMap} (issue 21).
 */
final class ParallelBranches {
  private static final Set<String> VIEW_METHODS = Set.of("keySet", "values", "entrySet");

  private ParallelBranches() {}

  static boolean usedInBranches(ExpressionTree iterated, CodeContext context) {
    ExpressionTree tree = iterated;
    while (tree instanceof ParenthesizedTree p) {
      tree = p.getExpression();
    }
    if (tree instanceof MethodInvocationTree call
        && call.getMethodSelect() instanceof MemberSelectTree select
        && VIEW_METHODS.contains(select.getIdentifier().toString())) {
      tree = select.getExpression();
    }
    if (!(context.elementOf(tree) instanceof VariableElement collection)) {
      return false;
    }
    Tree method = enclosingMethod(context.currentPath());
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        if (isDurableAsync(context.elementOf(node))) {
          for (ExpressionTree argument : node.getArguments()) {
            found[0] |= argument instanceof LambdaExpressionTree && mentions(argument, collection);
          }
        }
        return super.visitMethodInvocation(node, unused);
      }

      private boolean mentions(Tree code, Element variable) {
        boolean[] mentioned = {false};
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitIdentifier(IdentifierTree id, Void u) {
            mentioned[0] |= variable.equals(context.elementOf(id));
            return null;
          }

          @Override
          public Void visitMemberSelect(MemberSelectTree node, Void u) {
            mentioned[0] |= variable.equals(context.elementOf(node));
            return super.visitMemberSelect(node, u);
          }
        }.scan(code, null);
        return mentioned[0];
      }
    }.scan(method, null);
    return found[0];
  }

  private static boolean isDurableAsync(Element element) {
    return element instanceof ExecutableElement method
        && method.getSimpleName().contentEquals("async")
        && method.getEnclosingElement() instanceof TypeElement owner
        && owner.getQualifiedName().contentEquals("dev.durable.Durable");
  }

  private static Tree enclosingMethod(TreePath path) {
    TreePath p = path;
    while (p.getParentPath() != null && !(p.getLeaf() instanceof MethodTree)) {
      p = p.getParentPath();
    }
    return p.getLeaf();
  }
}
