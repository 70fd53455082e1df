package dev.durable;

/**
 * A {@link Durable} helper was called where it has no workflow to record into: outside a running
 * workflow, or inside the body of a step (which runs once and is recorded as a whole).
 */
public final class NotInWorkflowException extends DurableException {
  private static final long serialVersionUID = 1L;

  public NotInWorkflowException(String message) {
    super(message);
  }
}
