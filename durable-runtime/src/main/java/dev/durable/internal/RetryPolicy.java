package dev.durable.internal;

import dev.durable.annotations.DurableStep;
import java.util.List;

/** A step's retry policy, read from its {@link DurableStep} annotation. */
record RetryPolicy(
    int maxAttempts, long initialBackoffMillis, double multiplier, long maxBackoffMillis,
    List<Class<? extends Throwable>> doNotRetry) {

  static RetryPolicy of(DurableStep step) {
    return new RetryPolicy(Math.max(1, step.maxAttempts()), Math.max(0, step.initialBackoffMillis()),
        Math.max(1.0, step.backoffMultiplier()), Math.max(0, step.maxBackoffMillis()), List.of(step.doNotRetry()));
  }

  /** Whether attempt number {@code attempt} (1-based), which threw {@code failure}, gets another try. */
  boolean retries(Throwable failure, int attempt) {
    return attempt < maxAttempts && doNotRetry.stream().noneMatch(c -> c.isInstance(failure));
  }

  /** The pause after attempt number {@code attempt} failed. */
  long backoffMillis(int attempt) {
    double pause = initialBackoffMillis * Math.pow(multiplier, attempt - 1);
    return (long) Math.min(pause, maxBackoffMillis);
  }
}
