package dev.durable;

/**
 * A workflow class cannot be proxied or run as declared: it is final, a step is private or final, a
 * step name is used twice, there is no constructor the engine can call with the registered
 * arguments, and so on. The annotation processor reports the same problems at compile time.
 */
public final class WorkflowDefinitionException extends DurableException {
  private static final long serialVersionUID = 1L;

  public WorkflowDefinitionException(String message) {
    super(message);
  }

  public WorkflowDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
