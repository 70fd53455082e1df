package dev.durable;

/**
 * What a call does when the same workflow id is already being run by another thread or by another
 * live process on the same database.
 */
public enum ConcurrentRunPolicy {
  /** Wait until the other run ends, then return its recorded result (or resume it if it failed). */
  WAIT,
  /** Throw {@link WorkflowBusyException} at once. */
  FAIL
}
