package dev.durable;

import java.time.Instant;

/**
 * A read-only view of one recorded step.
 *
 * @param position its deterministic position
 * @param stepName its durable name
 * @param status {@code STARTED} (running, or interrupted before its commit), {@code COMPLETED} or {@code FAILED}
 * @param attempts how many times its body was started
 * @param outputJson the stored result or error, as JSON (null while started)
 * @param startedAt when its latest attempt started
 * @param finishedAt when its outcome was committed (null while started)
 */
public record StepInfo(
    String position,
    String stepName,
    String status,
    int attempts,
    String outputJson,
    Instant startedAt,
    Instant finishedAt) {}
