package dev.durable.internal.store;

import dev.durable.WorkflowStatus;
import java.util.List;

/**
 * One stored workflow run.
 *
 * @param workflowId the id given by the caller
 * @param workflowName the durable name of its class
 * @param className the binary class name
 * @param method the workflow method as {@code name(param types)}
 * @param argumentsJson its arguments as a JSON array
 * @param status its state
 * @param outputJson the result (completed) or the error (failed), as JSON
 * @param fingerprint the fingerprint of the workflow code that last ran it, or null if unknown
 * @param owner the engine that runs it now ({@code host|pid|start|uuid}), or null
 * @param leaseExpiresAt epoch millis after which another engine may take it over
 * @param runs how many times it was started or resumed
 * @param createdAt epoch millis of the first start
 * @param updatedAt epoch millis of the last change
 * @param wakeAt epoch millis when a WAITING run is due, or when a PENDING one given back after an
 *     engine error may be tried again by workers; 0 if none
 * @param cancelRequested whether a cancellation was asked for
 * @param cancelledAt the position where the cancellation was thrown into the workflow code, or null
 * @param parentId the run that started this one as its child, or null
 * @param waitingFor what a WAITING run waits for besides its timer, as {@link WaitKeys} (empty if
 *     nothing)
 */
public record WorkflowRecord(
    String workflowId,
    String workflowName,
    String className,
    String method,
    String argumentsJson,
    WorkflowStatus status,
    String outputJson,
    String fingerprint,
    String owner,
    long leaseExpiresAt,
    int runs,
    long createdAt,
    long updatedAt,
    long wakeAt,
    boolean cancelRequested,
    String cancelledAt,
    String parentId,
    List<String> waitingFor) {
  public WorkflowRecord {
    waitingFor = waitingFor == null ? List.of() : List.copyOf(waitingFor);
  }
}
