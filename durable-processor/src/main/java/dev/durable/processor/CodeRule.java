package dev.durable.processor;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * A rule about code: {@link CodeWalker} walks the code once and hands each interesting node to every
 * rule. Hooks are pure and default to "nothing to report".
 */
public interface CodeRule extends Rule {
  /**
   * Which code the rule looks at: workflow code (replayed) or step bodies (memoized).
   */
  enum Scope {
    WORKFLOW_CODE,
    STEP_BODIES
  }

  default Scope scope() {
    return Scope.WORKFLOW_CODE;
  }

  /**
   * A method call, a constructor call ({@code new}) or a method reference ({@code Foo::bar}), with
   * the member javac resolved it to.
   */
  default Optional<Violation> onCall(Tree call, ExecutableElement callee, CodeContext context) {
    return Optional.empty();
  }

  /** A read or write of a field, by simple name or qualified. */
  default Optional<Violation> onFieldAccess(
      ExpressionTree access, VariableElement field, CodeContext context) {
    return Optional.empty();
  }

  default Optional<Violation> onEnhancedFor(EnhancedForLoopTree loop, CodeContext context) {
    return Optional.empty();
  }

  /** A catch clause; {@code context.currentPath()} is the clause, whose parent is the try. */
  default Optional<Violation> onCatch(CatchTree handler, CodeContext context) {
    return Optional.empty();
  }
}
