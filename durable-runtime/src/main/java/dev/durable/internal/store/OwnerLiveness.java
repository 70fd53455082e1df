package dev.durable.internal.store;

/** Decides whether the engine named by an owner string may still be running a workflow. */
@FunctionalInterface
public interface OwnerLiveness {
  /**
   * @return false only if the owner is known to be gone (its process no longer exists); an owner
   *     that cannot be checked counts as alive until its lease expires
   */
  boolean mayBeAlive(String owner);
}
