package dev.durable.internal.store;

/** The stored state of one step. */
public enum StepStatus {
  /** Its body was started and no outcome is committed: running now, or interrupted by a crash. */
  STARTED,
  /** Its result is committed. */
  COMPLETED,
  /** Its exception is committed; replay throws it again. */
  FAILED,
  /**
   * Its exception ended the workflow. Calling the failed workflow again runs the step again, which
   * is how a workflow that failed is resumed.
   */
  REOPENED
}
