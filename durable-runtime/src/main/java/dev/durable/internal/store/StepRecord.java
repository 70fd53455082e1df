package dev.durable.internal.store;

/**
 * One row of a workflow's history.
 *
 * @param position deterministic position of the call, such as {@code 3} or {@code 2.1}
 * @param name the step's durable name (or a reserved name for recorded values)
 * @param status its state
 * @param attempts how many times its body was started
 * @param outputJson the result (completed) or the error (failed) as JSON; null while started
 * @param startedAt epoch millis of the latest start
 * @param finishedAt epoch millis of the committed outcome, or null
 */
public record StepRecord(
    String position,
    String name,
    StepStatus status,
    int attempts,
    String outputJson,
    long startedAt,
    Long finishedAt) {}
