package dev.durable;

/**
 * The stored state of a workflow run.
 *
 * <pre>
 *   start() ──► PENDING ──► RUNNING ──► COMPLETED
 *                  ▲           │  ▲
 *                  │   sleep   ▼  │ due
 *                  │        WAITING
 *   resume() ◄── FAILED / CANCELLED
 * </pre>
 */
public enum WorkflowStatus {
  /**
   * Recorded and ready to run, with no engine running it yet: started with {@code start()} or
   * {@code resume()}, or given back by an engine that stopped it (closed, or an engine error such as
   * a replay divergence, retried later). Any worker engine that can construct its class takes it.
   */
  PENDING,
  /** Being run by an engine now, or interrupted by a crash and about to be taken over. */
  RUNNING,
  /**
   * Suspended on a durable timer ({@code Durable.sleep}) until its wake-up time; no thread and no
   * engine holds it. When the time comes any worker engine resumes it.
   */
  WAITING,
  /** Returned a result, which is recorded; calling it again returns that result. */
  COMPLETED,
  /** Ended with an exception, which is recorded; calling it again (or {@code resume()}) resumes it. */
  FAILED,
  /**
   * Ended by a cancellation ({@code cancel()}): the workflow let the {@link WorkflowCancelledException}
   * propagate, after whatever compensation it ran. {@code resume()} starts it again.
   */
  CANCELLED;

  /** Whether the run has ended: completed, failed or cancelled. */
  public boolean isFinished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
