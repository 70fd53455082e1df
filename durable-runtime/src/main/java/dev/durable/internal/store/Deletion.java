package dev.durable.internal.store;

/**
 * What {@link WorkflowStore#delete} did.
 *
 * @param existed whether there was a run with that id
 * @param liveOwner the engine that holds the run, if that kept it from being deleted; else null
 */
public record Deletion(boolean existed, String liveOwner) {
  /** Whether the run and its history are gone now because of this call. */
  public boolean deleted() {
    return existed && liveOwner == null;
  }
}
