package dev.durable.internal.store;

import dev.durable.WorkflowStatus;

/**
 * Decides whether the engine named by an owner string may still be running a workflow. Every
 * decision about taking a run from its owner (a claim, a deletion, recovery's choice of what to
 * resume) asks {@link #heldByAnother}, so that they cannot disagree.
 */
@FunctionalInterface
public interface OwnerLiveness {
  /**
   * @return false only if the owner is known to be gone (its process no longer exists); an owner
   *     that cannot be checked counts as alive until its lease expires
   */
  boolean mayBeAlive(String owner);

  /**
   * Whether an engine other than {@code asker} may be running {@code run} at {@code now}: the run
   * is {@code RUNNING}, its owner is someone else, that owner's lease has not expired, and the
   * owner is not known to be gone. A run held by another must not be taken over or deleted.
   */
  default boolean heldByAnother(WorkflowRecord run, String asker, long now) {
    return run.status() == WorkflowStatus.RUNNING
        && run.owner() != null
        && !run.owner().equals(asker)
        && run.leaseExpiresAt() >= now
        && mayBeAlive(run.owner());
  }
}
