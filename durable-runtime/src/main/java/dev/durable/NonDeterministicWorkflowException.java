package dev.durable;

/**
 * Replay found the workflow code doing something other than what its recorded history says: a
 * different step at a position, a step where a parallel branch was recorded, or recorded steps the
 * code no longer reaches. The stored history is left untouched; deploy code that matches it, or
 * start a new workflow id.
 */
public final class NonDeterministicWorkflowException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;
  private final String position;
  private final String recordedStep;
  private final String attemptedStep;

  public NonDeterministicWorkflowException(
      String workflowId, String position, String recordedStep, String attemptedStep, String message) {
    super(message);
    this.workflowId = workflowId;
    this.position = position;
    this.recordedStep = recordedStep;
    this.attemptedStep = attemptedStep;
  }

  /** The workflow whose replay diverged. */
  public String workflowId() {
    return workflowId;
  }

  /** The position (for example {@code 3} or {@code 2.1}) where code and history disagree. */
  public String position() {
    return position;
  }

  /** What the history holds at {@link #position()}, or {@code null} if it holds nothing there. */
  public String recordedStep() {
    return recordedStep;
  }

  /** What the code now does at {@link #position()}, or {@code null} if it no longer gets there. */
  public String attemptedStep() {
    return attemptedStep;
  }
}
