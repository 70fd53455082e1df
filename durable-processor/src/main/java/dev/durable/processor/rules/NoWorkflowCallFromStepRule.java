package dev.durable.processor.rules;

import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoWorkflowCallFromStep}: a step body (or code it calls) invoking a
 * {@code @WorkflowMethod}.
 */
final class NoWorkflowCallFromStepRule implements CodeRule {
  static final String ID = "DurableNoWorkflowCallFromStep";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Calling a @WorkflowMethod from a @DurableStep body";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public Scope scope() {
    return Scope.STEP_BODIES;
  }

  @Override
  public Optional<Violation> onCall(Tree call, ExecutableElement callee, CodeContext context) {
    if (!context.model().isWorkflowMethod(callee) || onChildProxy(call, context)) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(call, CodeContext.describeCall(call, callee), Messages.WORKFLOW_CALL_FROM_STEP));
  }

  /**
   * {@code Durable.child(Laptop.class, id).provision(hire)}: the mistake is starting a child from a
   * step, which {@link NoOrchestrationInStepRule} reports at {@code Durable.child}; once is enough.
   */
  private static boolean onChildProxy(Tree call, CodeContext context) {
    return call instanceof MethodInvocationTree invocation
        && invocation.getMethodSelect() instanceof MemberSelectTree select
        && select.getExpression() instanceof MethodInvocationTree receiver
        && context.elementOf(receiver) instanceof ExecutableElement factory
        && NoOrchestrationInStepRule.isOrchestration(factory);
  }
}
