package dev.durable;

/**
 * A workflow id was called with other arguments (or another workflow method) than the ones it was
 * started with. A workflow id names one run; use a new id for new arguments.
 */
public final class WorkflowArgumentsMismatchException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;

  public WorkflowArgumentsMismatchException(String workflowId, String message) {
    super(message);
    this.workflowId = workflowId;
  }

  /** The workflow id that was called with different arguments. */
  public String workflowId() {
    return workflowId;
  }
}
