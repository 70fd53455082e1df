package dev.durable;

/**
 * Base of every error the engine raises. Unchecked, so workflow code can let it propagate; catching
 * it in workflow code without rethrowing hides replay failures and is flagged at compile time.
 */
public class DurableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DurableException(String message) {
    super(message);
  }

  public DurableException(String message, Throwable cause) {
    super(message, cause);
  }
}
