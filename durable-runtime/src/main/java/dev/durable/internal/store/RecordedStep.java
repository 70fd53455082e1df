package dev.durable.internal.store;

/**
 * One row of a workflow's history as replay reads it: what ran at a position and how it ended.
 * {@link StepRecord} is the same row with its timestamps, which replay has no use for.
 *
 * @param position deterministic position of the call, such as {@code 3} or {@code 2.1}
 * @param name the step's durable name (or a reserved name for recorded values)
 * @param status its state
 * @param attempts how many times its body was started
 * @param outputJson the result (completed) or the error (failed) as JSON; null while started
 */
public record RecordedStep(String position, String name, StepStatus status, int attempts, String outputJson) {

  /** The replay view of a full history row. */
  public static RecordedStep of(StepRecord step) {
    return new RecordedStep(step.position(), step.name(), step.status(), step.attempts(), step.outputJson());
  }
}
