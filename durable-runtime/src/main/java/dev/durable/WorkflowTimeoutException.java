package dev.durable;

import java.time.Duration;

/**
 * {@link WorkflowHandle#result(Duration)} gave up waiting. Only the wait ended: the workflow goes on,
 * and a later {@code result()} returns its outcome.
 */
public final class WorkflowTimeoutException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;
  private final WorkflowStatus status;

  public WorkflowTimeoutException(String workflowId, WorkflowStatus status, String message) {
    super(message);
    this.workflowId = workflowId;
    this.status = status;
  }

  /** The workflow waited for. */
  public String workflowId() {
    return workflowId;
  }

  /** Its status when the wait ended. */
  public WorkflowStatus status() {
    return status;
  }
}
