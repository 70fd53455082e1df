package dev.durable;

/**
 * The workflow id is being run right now by another thread or another process that is alive, and
 * the engine was told not to wait ({@link ConcurrentRunPolicy#FAIL}). Call again later, or build the
 * engine with {@link ConcurrentRunPolicy#WAIT} to wait for the other run's result.
 */
public final class WorkflowBusyException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;
  private final String owner;

  public WorkflowBusyException(String workflowId, String owner, String message) {
    super(message);
    this.workflowId = workflowId;
    this.owner = owner;
  }

  /** The workflow that is already running. */
  public String workflowId() {
    return workflowId;
  }

  /** The engine instance that runs it, as {@code host:pid:...}. */
  public String owner() {
    return owner;
  }
}
