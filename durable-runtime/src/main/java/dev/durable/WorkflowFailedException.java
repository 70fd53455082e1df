package dev.durable;

/**
 * Thrown by {@link WorkflowHandle#result()} when the run ended with an exception; that exception,
 * rebuilt from the stored error, is the cause. (A synchronous call through the workflow's proxy
 * throws the workflow's own exception instead, as a plain method call would.)
 */
public final class WorkflowFailedException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;

  public WorkflowFailedException(String workflowId, String message, Throwable cause) {
    super(message, cause);
    this.workflowId = workflowId;
  }

  /** The failed workflow. */
  public String workflowId() {
    return workflowId;
  }
}
