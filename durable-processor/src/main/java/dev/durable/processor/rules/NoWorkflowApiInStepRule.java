package dev.durable.processor.rules;

import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoWorkflowApiInStep}: a step body (or code it calls) using the replay-safe helpers
 * of {@code dev.durable.Durable}: {@code async}, {@code now}, {@code randomUUID}. They record into
 * the workflow's history, which a step body does not have, and throw there. {@code workflowId()}
 * and {@code inWorkflow()} work anywhere; waits, events and children are {@link
 * NoOrchestrationInStepRule}'s, whose fix differs (move the call, not the value).
 */
final class NoWorkflowApiInStepRule implements CodeRule {
  static final String ID = "DurableNoWorkflowApiInStep";

  private static final Set<String> ALLOWED_IN_STEPS = Set.of("workflowId", "inWorkflow");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Calling Durable.async/now/randomUUID from a @DurableStep body";
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
    if (!NoOrchestrationInStepRule.isDurable(callee)
        || NoOrchestrationInStepRule.isOrchestration(callee)
        || ALLOWED_IN_STEPS.contains(callee.getSimpleName().toString())) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(call, CodeContext.describeCall(call, callee), Messages.WORKFLOW_API_IN_STEP));
  }
}
