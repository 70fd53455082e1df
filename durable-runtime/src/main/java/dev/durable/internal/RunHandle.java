package dev.durable.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowStatus;
import java.time.Duration;
import java.util.Objects;

/** A {@link WorkflowHandle} over the store: it works whichever engine or process runs the run. */
final class RunHandle<R> implements WorkflowHandle<R> {
  private final Outcomes outcomes;
  private final Lifecycle lifecycle;
  private final String workflowId;
  private final JavaType resultType;

  RunHandle(Outcomes outcomes, Lifecycle lifecycle, String workflowId, JavaType resultType) {
    this.outcomes = outcomes;
    this.lifecycle = lifecycle;
    this.workflowId = workflowId;
    this.resultType = resultType;
  }

  @Override
  public String workflowId() {
    return workflowId;
  }

  @Override
  public R result() {
    return await(Long.MAX_VALUE);
  }

  @Override
  public R result(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("result(timeout): the timeout must not be negative, got " + timeout);
    }
    return await(timeout.compareTo(Duration.ofDays(365L * 1000)) > 0 ? Long.MAX_VALUE : timeout.toMillis());
  }

  @SuppressWarnings("unchecked")
  private R await(long timeoutMillis) {
    try {
      return (R) outcomes.await(workflowId, resultType, timeoutMillis, Outcomes.Style.AS_HANDLE);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for workflow '" + workflowId + "'; the workflow goes on.", e);
    } catch (Throwable t) {
      throw new IllegalStateException("unexpected checked exception while waiting for workflow '" + workflowId + "'", t);
    }
  }

  @Override
  public WorkflowStatus status() {
    return outcomes.find(workflowId).status();
  }

  @Override
  public void cancel() {
    lifecycle.cancel(workflowId);
  }

  @Override
  public String toString() {
    return "WorkflowHandle[" + workflowId + "]";
  }
}
