package dev.durable;

import java.time.Instant;

/**
 * A read-only view of one recorded step.
 *
 * @param position its deterministic position
 * @param stepName its durable name
 * @param status where the step stands
 * @param attempts how many times its body was started
 * @param outputJson the stored result or error, as JSON (null while started)
 * @param startedAt when its latest attempt started
 * @param finishedAt when its outcome was committed (null while started)
 */
public record StepInfo(
    String position,
    String stepName,
    StepInfo.Status status,
    int attempts,
    String outputJson,
    Instant startedAt,
    Instant finishedAt) {

  /** Where a step stands. */
  public enum Status {
    /** Its body is running now, or was when its process stopped; it runs again on resume. */
    STARTED,
    /** Its result is recorded and is returned on replay. */
    COMPLETED,
    /** Its exception is recorded and is thrown again on replay. */
    FAILED,
    /**
     * It failed and its exception ended the run, which was then resumed: it runs again, with a fresh
     * retry budget, when the run reaches it.
     */
    REOPENED
  }
}
