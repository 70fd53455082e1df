package dev.durable;

/**
 * Observes what the engine does, for logging, metrics or a progress display. Called synchronously on
 * the thread that runs the step, so keep it fast; an exception it throws propagates to the workflow.
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
  /** A step call was executed, replayed, failed, or is being retried. */
  default void onStep(StepEvent event) {}

  /** A workflow run started, resumed or ended. */
  default void onWorkflow(WorkflowEvent event) {}
}
