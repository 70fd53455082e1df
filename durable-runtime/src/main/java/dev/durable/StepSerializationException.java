package dev.durable;

/**
 * A value crossing the durable boundary (a step result, a workflow argument or result) could not be
 * written as JSON, or a stored one can no longer be read into its declared type (the class changed
 * shape). Nothing was recorded as completed with a value that cannot be read back.
 */
public final class StepSerializationException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;
  private final String stepName;
  private final String typeName;
  private final boolean reading;

  public StepSerializationException(
      String workflowId, String stepName, String typeName, boolean reading, String message, Throwable cause) {
    super(message, cause);
    this.workflowId = workflowId;
    this.stepName = stepName;
    this.typeName = typeName;
    this.reading = reading;
  }

  /**
   * True if a recorded value could not be read back (replay cannot go on until the class reads it
   * again; the run stays unfinished), false if a new value could not be written (the step failed).
   */
  public boolean whileReading() {
    return reading;
  }

  /** The workflow being run or replayed. */
  public String workflowId() {
    return workflowId;
  }

  /** The step (or {@code arguments}/{@code result} of the workflow) whose value failed. */
  public String stepName() {
    return stepName;
  }

  /** The declared Java type of the value. */
  public String typeName() {
    return typeName;
  }
}
