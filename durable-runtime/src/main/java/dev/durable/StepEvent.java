package dev.durable;

import java.time.Duration;

/**
 * What happened to one step call, as reported to a {@link DurableListener}. Events for executed steps
 * are delivered after the step's outcome is committed.
 *
 * @param workflowId the workflow the step belongs to
 * @param workflowName the durable name of its workflow class
 * @param position the step's deterministic position, such as {@code 4} or {@code 2.1}
 * @param stepName the step's durable name
 * @param outcome what the engine did
 * @param attempt the attempt number that produced the outcome (1 for a first execution)
 * @param elapsed time spent in the step body (zero for replays)
 */
public record StepEvent(
    String workflowId,
    String workflowName,
    String position,
    String stepName,
    Outcome outcome,
    int attempt,
    Duration elapsed) {

  /** What the engine did with a step call. */
  public enum Outcome {
    /** The body ran for the first time and its result was committed. */
    EXECUTED,
    /** The body ran again because an earlier run was interrupted before its result was committed. */
    RE_EXECUTED,
    /** The result came from the store; the body did not run. */
    REPLAYED,
    /** The body threw and its exception was committed as the step's outcome. */
    FAILED,
    /** The recorded exception was thrown again from the store; the body did not run. */
    REPLAYED_FAILURE,
    /** The body threw and will be retried after a backoff, as its retry policy says. */
    RETRYING
  }
}
