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
 * @param wakeAt for a {@link WorkflowStatus#WAITING} run, when it is due (null if it waits
 *     without a timeout for what {@code waitingFor} names); for a {@link
 *     WorkflowStatus#PENDING} one given back after an engine error, when workers try it again; else null
 * @param cancelRequested whether a cancellation was asked for
 * @param waitingFor for a {@link WorkflowStatus#WAITING} run, what it waits for besides its timer:
 *     {@code event:NAME} for an event, {@code child:ID} for a child workflow; empty otherwise
 * @param parentWorkflowId the workflow that started this one as its child, or null
 */
public record WorkflowSummary(
    String workflowId,
    String workflowName,
    WorkflowStatus status,
    Instant createdAt,
    Instant updatedAt,
    Instant wakeAt,
    boolean cancelRequested,
    java.util.List<String> waitingFor,
    String parentWorkflowId) {

  public WorkflowSummary {
    waitingFor = waitingFor == null ? java.util.List.of() : java.util.List.copyOf(waitingFor);
  }
}
