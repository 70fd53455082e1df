package dev.durable.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@link WorkflowMethod} runs durably: after a crash, calling it again replays
 * the {@link DurableStep} calls that already completed and executes only what is left.
 *
 * <p>The runtime proxies the class with a generated subclass, so the class must be non-final,
 * top-level or static nested, and have a non-private constructor. The annotation processor checks
 * this, and that the workflow code is deterministic, at compile time.
 *
 * <pre>{@code
 * @DurableWorkflow
 * public class Onboarding implements OnboardingSteps {
 *   @WorkflowMethod
 *   public String onboard(String employee) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DurableWorkflow {
  /**
   * The durable name stored with every run of this workflow. Defaults to the class's binary name.
   * Set it explicitly if the class may be renamed or moved while runs are still unfinished.
   */
  String name() default "";
}
