package dev.durable;

/**
 * This engine stopped owning a workflow while running it (its lease expired, for example after a
 * very long pause, and another process took the workflow over). The step's result was not recorded,
 * so the new owner's history stays the only one. Nothing needs fixing; the other owner finishes it.
 */
public final class LeaseLostException extends DurableException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(String message) {
    super(message);
  }
}
