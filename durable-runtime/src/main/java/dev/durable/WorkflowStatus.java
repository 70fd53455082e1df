package dev.durable;

/** The stored state of a workflow run. */
public enum WorkflowStatus {
  /** Started and not finished: running now, or interrupted by a crash and waiting to be resumed. */
  RUNNING,
  /** Returned a result, which is recorded; calling it again returns that result. */
  COMPLETED,
  /** Ended with an exception, which is recorded; calling it again resumes it. */
  FAILED
}
