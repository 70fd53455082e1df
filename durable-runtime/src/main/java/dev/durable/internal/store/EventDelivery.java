package dev.durable.internal.store;

/**
 * What became of an event sent to a run.
 *
 * @param target the run as stored after the send, or null if there is no run with that id
 * @param stored whether the event was stored (not when the run does not exist or has completed)
 * @param woken whether the run waited for it and is due now
 */
public record EventDelivery(WorkflowRecord target, boolean stored, boolean woken) {}
