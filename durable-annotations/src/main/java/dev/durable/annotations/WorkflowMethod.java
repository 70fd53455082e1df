package dev.durable.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the entry point of a {@link DurableWorkflow}. Calling it on the proxy returned by the engine
 * runs the workflow durably and returns its result; calling it again for a completed workflow
 * returns the recorded result without running anything.
 *
 * <p>Its body is <em>workflow code</em>: it is replayed after a crash, so it must take the same path
 * every time. Put side effects in {@link DurableStep} methods; use {@code Durable.now()} and
 * {@code Durable.randomUUID()} instead of the clock and random numbers.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WorkflowMethod {}
