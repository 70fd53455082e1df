package dev.durable.internal.store;

import dev.durable.WorkflowStatus;

/**
 * Decides whether the engine named by an owner string may still be running a workflow. Every
 * decision about taking a run from its owner (a claim, a deletion, recovery's choice of what to
 * resume, a store's search for orphaned runs) rests on {@link #mayTakeFrom}, through {@link
 * #heldByAnother} where a whole run is at hand, so that they cannot disagree.
 */
@FunctionalInterface
public interface OwnerLiveness {
  /**
   * @return false only if the owner is known to be gone (its process no longer exists); an owner
   *     that cannot be checked counts as alive until its lease expires
   */
  boolean mayBeAlive(String owner);

  /**
   * Whether a RUNNING run that {@code owner} holds under a lease until {@code leaseExpiresAt} may be
   * taken from it at {@code now}: the lease has expired, or the owner is known to be gone. Liveness
   * is asked only while the lease holds.
   */
  default boolean mayTakeFrom(String owner, long leaseExpiresAt, long now) {
    return leaseExpiresAt < now || !mayBeAlive(owner);
  }

  /**
   * Whether an engine other than {@code asker} may be running {@code run} at {@code now}: the run
   * is {@code RUNNING}, its owner is someone else, and that owner's lease has not expired and the
   * owner is not known to be gone ({@link #mayTakeFrom}). A run held by another must not be taken
   * over or deleted.
   */
  default boolean heldByAnother(WorkflowRecord run, String asker, long now) {
    return run.status() == WorkflowStatus.RUNNING
        && run.owner() != null
        && !run.owner().equals(asker)
        && !mayTakeFrom(run.owner(), run.leaseExpiresAt(), now);
  }
}
