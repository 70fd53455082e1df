package dev.durable.internal.store;

/**
 * The outcome of trying to take ownership of a workflow id.
 *
 * @param kind what happened
 * @param record the workflow as stored after the claim (before it, for {@link Kind#BUSY})
 */
public record Claim(Kind kind, WorkflowRecord record) {

  /** What a claim found. */
  public enum Kind {
    /** No run existed; a new one was recorded and is owned by the caller. */
    STARTED,
    /** A failed or interrupted run now belongs to the caller. */
    RESUMED,
    /** The run already completed; nothing was changed. */
    COMPLETED,
    /** Another live engine owns the run; nothing was changed. */
    BUSY,
    /** The run was cancelled; nothing was changed ({@code resume} starts it again). */
    CANCELLED,
    /** The run sleeps on a durable timer that is not due yet; nothing was changed. */
    WAITING,
    /** No run has this id (it was forgotten), and the caller may not start one; nothing was changed. */
    ABSENT
  }

  /**
   * The rule every store applies to a stored run: the claim that refuses it to {@code owner} at
   * {@code now} (completed, cancelled, held by another live engine, asleep), or null if the caller
   * may take it over (pending, failed, due, or held by an owner that is gone).
   */
  public static Claim refusal(WorkflowRecord existing, String owner, long now, OwnerLiveness liveness) {
    switch (existing.status()) {
      case COMPLETED:
        return new Claim(Kind.COMPLETED, existing);
      case CANCELLED:
        return new Claim(Kind.CANCELLED, existing);
      case RUNNING:
        return liveness.heldByAnother(existing, owner, now) ? new Claim(Kind.BUSY, existing) : null;
      case WAITING:
        return existing.wakeAt() > now + WorkflowStore.WAKE_EARLY_MILLIS && !WorkflowStore.cancellationDue(existing)
            ? new Claim(Kind.WAITING, existing) : null;
      default:
        return null;
    }
  }
}
