package dev.durable.sample.onboarding;

/**
 * How long an onboarding's waits take; in real life days, here milliseconds so that the demo runs
 * in seconds.
 *
 * @param shippingMillis how long the courier takes to deliver the laptop
 * @param escalateAfterMillis how long the workflow waits for the manager's approval before it
 *     escalates to HR (and then waits on)
 * @param reminderDelayMillis how long it sleeps, after the welcome email, before the first-day reminder
 */
public record Schedule(long shippingMillis, long escalateAfterMillis, long reminderDelayMillis) {}
