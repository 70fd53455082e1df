package dev.durable;

/**
 * A change in a workflow run's life, as reported to a {@link DurableListener}.
 *
 * @param workflowId the workflow
 * @param workflowName its durable name
 * @param kind what happened
 */
public record WorkflowEvent(String workflowId, String workflowName, Kind kind) {

  /** The workflow life-cycle events. */
  public enum Kind {
    /** A new run was recorded and started. */
    STARTED,
    /** An unfinished or failed run was picked up again; completed steps will replay. */
    RESUMED,
    /** The run returned and its result was committed. */
    COMPLETED,
    /** The run threw and its exception was committed. */
    FAILED,
    /** The workflow had already completed; its recorded result was returned without running it. */
    ALREADY_COMPLETED,
    /** The run sleeps on a durable timer: recorded WAITING, and no thread holds it until it is due. */
    SUSPENDED,
    /** The run ended by letting its cancellation propagate; it is recorded CANCELLED. */
    CANCELLED
  }
}
