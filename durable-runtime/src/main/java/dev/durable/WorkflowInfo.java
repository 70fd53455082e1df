package dev.durable;

import java.time.Instant;
import java.util.List;

/**
 * A read-only view of a stored workflow run, as returned by {@link DurableEngine#inspect(String)}.
 *
 * @param workflowId the workflow id
 * @param workflowName the durable name of its workflow class
 * @param className the workflow class
 * @param methodName the workflow method
 * @param argumentsJson the arguments it was started with, as a JSON array
 * @param status its status
 * @param resultJson the recorded result (completed) or error (failed), as JSON
 * @param createdAt when it was first started
 * @param updatedAt when it last changed
 * @param fingerprint the fingerprint of the workflow code that last ran it (from the processor's
 *     generated descriptor), or null if that code was compiled without the processor
 * @param steps its recorded steps, in execution order of positions
 * @param parentWorkflowId the workflow that started this one as its child, or null
 * @param waitingFor for a {@link WorkflowStatus#WAITING} run, what it waits for besides its timer
 *     ({@code event:NAME}, {@code child:ID}); empty otherwise
 * @param events the events stored for it, consumed or waiting, in the order they were stored
 */
public record WorkflowInfo(
    String workflowId,
    String workflowName,
    String className,
    String methodName,
    String argumentsJson,
    WorkflowStatus status,
    String resultJson,
    Instant createdAt,
    Instant updatedAt,
    String fingerprint,
    List<StepInfo> steps,
    String parentWorkflowId,
    List<String> waitingFor,
    List<EventInfo> events) {

  public WorkflowInfo {
    steps = List.copyOf(steps);
    waitingFor = waitingFor == null ? List.of() : List.copyOf(waitingFor);
    events = events == null ? List.of() : List.copyOf(events);
  }

  /**
   * A one-line summary for logs and debuggers, such as {@code WorkflowInfo[onboard-42 (onboarding)
   * FAILED, 3 steps, updated 2026-01-05T10:15:30Z, error java.lang.IllegalStateException: card
   * declined]}: the error's type and message without its stack, and values cut to their first
   * characters. The components hold everything.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("WorkflowInfo[").append(workflowId).append(" (").append(workflowName)
        .append(") ").append(status).append(", ").append(steps == null ? 0 : steps.size())
        .append(steps != null && steps.size() == 1 ? " step" : " steps").append(", updated ").append(updatedAt);
    if (!waitingFor.isEmpty()) {
      s.append(", waiting for ").append(String.join(", ", waitingFor));
    }
    if (parentWorkflowId != null) {
      s.append(", child of ").append(parentWorkflowId);
    }
    if (resultJson != null) {
      s.append(status == WorkflowStatus.COMPLETED
          ? ", result " + Summaries.value(resultJson)
          : ", error " + Summaries.error(resultJson));
    }
    return s.append(']').toString();
  }
}
