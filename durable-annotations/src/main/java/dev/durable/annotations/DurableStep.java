package dev.durable.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose result is memoized: inside a running workflow, the first call executes the
 * body and commits its result (or its exception) before returning it; after a crash, the same call
 * at the same position returns the stored result without executing the body again.
 *
 * <p>May sit on a method of the workflow class or on a method of an interface the workflow class
 * implements. The method must be overridable (not private, static or final) so that the runtime's
 * proxy can intercept it, and its parameters and result must be storable as JSON.
 *
 * <p>A step interrupted by a crash after its side effect but before its commit runs again on
 * resume, so side effects should be idempotent (for example, keyed by {@code Durable.workflowId()}).
 *
 * <pre>{@code
 * @DurableStep(maxAttempts = 5, initialBackoffMillis = 200)
 * Laptop provisionLaptop(EmployeeRecord record);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DurableStep {
  /**
   * The step's name in the workflow history. Defaults to the method name. Replay checks that the
   * step found at a position has the same name, so renaming a method with unfinished runs needs an
   * explicit name that keeps the old one.
   */
  String name() default "";

  /** How many times the body runs before its exception is recorded as the step's outcome. */
  int maxAttempts() default 1;

  /** Pause before the second attempt; each later pause is multiplied by {@link #backoffMultiplier()}. */
  long initialBackoffMillis() default 100;

  /** Factor applied to the pause between successive attempts (exponential backoff). */
  double backoffMultiplier() default 2.0;

  /** Upper bound of the pause between two attempts. */
  long maxBackoffMillis() default 30_000;

  /** Exceptions that are never retried, whatever {@link #maxAttempts()} says (subclasses included). */
  Class<? extends Throwable>[] doNotRetry() default {};
}
