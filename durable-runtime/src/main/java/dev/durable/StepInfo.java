package dev.durable;

import java.time.Duration;
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

  /**
   * A one-line summary for logs and debuggers, such as {@code StepInfo[2 chargeCard FAILED, 3
   * attempts, 412 ms, error java.io.IOException: timeout]}: the error's type and message without its
   * stack, and a result cut to its first characters. The components hold everything.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("StepInfo[").append(position).append(' ').append(stepName).append(' ')
        .append(status).append(", ").append(attempts).append(attempts == 1 ? " attempt" : " attempts");
    if (startedAt != null && finishedAt != null) {
      s.append(", ").append(Duration.between(startedAt, finishedAt).toMillis()).append(" ms");
    } else if (startedAt != null) {
      s.append(", started ").append(startedAt);
    }
    if (outputJson != null) {
      s.append(status == Status.COMPLETED
          ? ", result " + Summaries.value(outputJson)
          : ", error " + Summaries.error(outputJson));
    }
    return s.append(']').toString();
  }

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
