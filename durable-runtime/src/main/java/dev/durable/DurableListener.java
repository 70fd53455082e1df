package dev.durable;

/**
 * Observes what the engine does, for logging, metrics or a progress display. Step and workflow
 * events are delivered synchronously on the thread that runs the step or workflow, so keep them
 * fast; an exception thrown from {@link #onStepStart}, {@link #onStep} or {@link #onWorkflow}
 * propagates to the workflow. An exception from {@link #onWarning} is logged and ignored, so that a
 * broken listener cannot stop recovery or the worker. {@link JfrListener} turns the events into Java
 * Flight Recorder events; {@code docs/logging.md} describes both, and SLF4J.
 *
 * <pre>{@code
 * DurableEngine engine = DurableEngine.builder(Path.of("app.db"))
 *     .listener(new DurableListener() {
 *       public void onStep(StepEvent e) { log.info("{} {} {}", e.workflowId(), e.stepName(), e.outcome()); }
 *     })
 *     .build();
 * }</pre>
 */
public interface DurableListener {
  /**
   * A step body is about to run; {@link #onStep} follows on the same thread with its outcome, unless
   * the run is stopped in the body (the JVM throws an {@link Error}, the thread is interrupted, or
   * the process dies).
   */
  default void onStepStart(StepStart start) {}

  /** A step call was executed, replayed, failed, or is being retried. */
  default void onStep(StepEvent event) {}

  /** A workflow run started, resumed or ended. */
  default void onWorkflow(WorkflowEvent event) {}

  /**
   * The engine has a warning for the application (see {@link DurableWarning.Kind}). It is also logged
   * at WARN through SLF4J. Called on whichever thread found it: a caller's, a worker's or
   * {@code recover()}'s.
   */
  default void onWarning(DurableWarning warning) {}
}
