package dev.durable;

import java.time.Instant;

/**
 * One stored run as {@link DurableEngine#list(WorkflowQuery)} shows it, without its steps (see
 * {@link DurableEngine#inspect(String)} for those).
 *
 * @param workflowId the workflow id
 * @param workflowName the durable name of its workflow class
 * @param status its status
 * @param createdAt when it was first started
 * @param updatedAt when its row last changed
 * @param wakeAt for a {@link WorkflowStatus#WAITING} run, when it is due; for a {@link
 *     WorkflowStatus#PENDING} one given back after an engine error, when workers try it again; else null
 * @param cancelRequested whether a cancellation was asked for
 */
public record WorkflowSummary(
    String workflowId,
    String workflowName,
    WorkflowStatus status,
    Instant createdAt,
    Instant updatedAt,
    Instant wakeAt,
    boolean cancelRequested) {}
