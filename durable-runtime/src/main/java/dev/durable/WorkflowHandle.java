package dev.durable;

import java.time.Duration;

/**
 * A run of a workflow, wherever it runs: this engine, another engine of this process, or another
 * process sharing the database. From {@link DurableEngine#start}, {@link DurableEngine#handle} or
 * {@link DurableEngine#resume}.
 *
 * <pre>{@code
 * WorkflowHandle<Welcome> run = engine.start(Onboarding.class, "onboard-ada", w -> w.onboard(ada));
 * // ... later, from any thread, or another process with engine.handle("onboard-ada", Welcome.class):
 * Welcome welcome = run.result(Duration.ofMinutes(5));
 * }</pre>
 *
 * @param <R> the workflow method's result type ({@code Void} for a void method)
 */
public interface WorkflowHandle<R> {
  /** The id of the run. */
  String workflowId();

  /**
   * Waits for the run to finish and returns its result.
   *
   * @throws WorkflowFailedException if it ended with an exception (the cause)
   * @throws WorkflowCancelledException if it was cancelled
   */
  R result();

  /**
   * As {@link #result()}, waiting at most {@code timeout}.
   *
   * @throws WorkflowTimeoutException if it has not finished by then (the run goes on)
   */
  R result(Duration timeout);

  /** Its stored status now. */
  WorkflowStatus status();

  /**
   * Asks for the run to be cancelled (see {@link DurableEngine#cancel(String)}); a run that has
   * finished is left as it is.
   */
  void cancel();
}
