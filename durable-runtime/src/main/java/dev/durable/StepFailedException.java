package dev.durable;

/**
 * Stands in for a recorded step exception whose class cannot be rebuilt on replay (the class is gone
 * or has no usable constructor). It carries the original class name and message.
 */
public final class StepFailedException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String originalType;
  private final String originalMessage;

  public StepFailedException(String originalType, String originalMessage, String message) {
    super(message);
    this.originalType = originalType;
    this.originalMessage = originalMessage;
  }

  /** The binary name of the exception class the step originally threw. */
  public String originalType() {
    return originalType;
  }

  /** The message of the exception the step originally threw (possibly truncated). */
  public String originalMessage() {
    return originalMessage;
  }
}
