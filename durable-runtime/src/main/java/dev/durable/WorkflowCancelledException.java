package dev.durable;

/**
 * The run was cancelled ({@link DurableEngine#cancel(String)} or {@link WorkflowHandle#cancel()}).
 * Thrown into workflow code once, at the first step or sleep it reaches after the request; the code
 * may catch it to run compensating steps, and then should rethrow it so that the run ends {@link
 * WorkflowStatus#CANCELLED}. Its handles' {@code result()} throws it too.
 */
public final class WorkflowCancelledException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;

  public WorkflowCancelledException(String workflowId, String message) {
    super(message);
    this.workflowId = workflowId;
  }

  /** The cancelled workflow. */
  public String workflowId() {
    return workflowId;
  }
}
