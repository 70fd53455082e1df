package dev.durable.processor.rules;

import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import dev.durable.processor.CodeContext;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Whether code reaches the engine: calls a step or a workflow method, a {@code Durable} helper
 * ({@code async}, {@code now}...), joins a future (a branch's steps), or calls, transitively, a
 * method with source in this compilation that does. Engine errors can only come from there.
 */
final class StepReach {
  private static final int MAX_DEPTH = 6;

  private final CodeContext context;
  private final Set<Element> visited = new HashSet<>();

  private StepReach(CodeContext context) {
    this.context = context;
  }

  static boolean reachesEngine(Tree code, CodeContext context) {
    return new StepReach(context).reaches(code, 0);
  }

  static boolean reachesEngine(ExecutableElement method, CodeContext context) {
    return new StepReach(context).reachesEngine(method, 0);
  }

  private boolean reaches(Tree code, int depth) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        check(node);
        return found[0] ? null : super.visitMethodInvocation(node, unused);
      }

      @Override
      public Void visitNewClass(NewClassTree node, Void unused) {
        check(node);
        return found[0] ? null : super.visitNewClass(node, unused);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree node, Void unused) {
        check(node);
        return found[0] ? null : super.visitMemberReference(node, unused);
      }

      private void check(Tree call) {
        if (context.elementOf(call) instanceof ExecutableElement callee) {
          found[0] |= reachesEngine(callee, depth);
        }
      }
    }.scan(code, null);
    return found[0];
  }

  private boolean reachesEngine(ExecutableElement callee, int depth) {
    if (context.model().isStep(callee) || context.model().isWorkflowMethod(callee)) {
      return true;
    }
    if (callee.getEnclosingElement() instanceof TypeElement owner) {
      String name = owner.getQualifiedName().toString();
      String method = callee.getSimpleName().toString();
      if (name.equals("dev.durable.Durable")
          && !method.equals("workflowId")
          && !method.equals("inWorkflow")) {
        return true;
      }
      if ((name.equals("java.util.concurrent.CompletableFuture")
              || name.equals("java.util.concurrent.Future"))
          && (method.equals("join") || method.equals("get"))) {
        return true;
      }
    }
    if (depth >= MAX_DEPTH || !visited.add(callee)) {
      return false;
    }
    return context
        .sourceOf(callee)
        .map(path -> path.getLeaf())
        .filter(MethodTree.class::isInstance)
        .map(tree -> ((MethodTree) tree).getBody())
        .map(body -> reaches(body, depth + 1))
        .orElse(false);
  }
}
