package dev.durable.processor.rules;

import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoWorkflowApiInStep}: a step body (or code it calls) using the workflow API of
 * {@code dev.durable.Durable}: {@code async}, {@code now}, {@code randomUUID}, and the waits and
 * child workflows to come ({@code sleep}, {@code awaitEvent}, {@code child}). They record into the
 * workflow's history, which a step body does not have, and throw there. {@code workflowId()} and
 * {@code inWorkflow()} work anywhere.
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
    return "Calling Durable.async/now/randomUUID/sleep/awaitEvent/child from a @DurableStep body";
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
    if (!(callee.getEnclosingElement() instanceof TypeElement owner)
        || !owner.getQualifiedName().contentEquals("dev.durable.Durable")
        || ALLOWED_IN_STEPS.contains(callee.getSimpleName().toString())) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(call, CodeContext.describeCall(call, callee), Messages.WORKFLOW_API_IN_STEP));
  }
}
