package dev.durable.internal.store;

/**
 * An event stored for a run.
 *
 * @param seq its place in the order events were stored (per database; an await takes the lowest)
 * @param workflowId the run it was sent to
 * @param name its name
 * @param payloadJson its payload as JSON
 * @param payloadType the Java class the sender gave, for messages; null if unknown
 * @param sentAt epoch millis when it was stored
 * @param consumedBy the position of the await that returned it, or null while it waits for one
 */
public record StoredEvent(
    long seq, String workflowId, String name, String payloadJson, String payloadType, long sentAt, String consumedBy) {}
