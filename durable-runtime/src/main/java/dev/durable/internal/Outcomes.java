package dev.durable.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.durable.WorkflowCancelledException;
import dev.durable.WorkflowDefinitionException;
import dev.durable.WorkflowFailedException;
import dev.durable.WorkflowTimeoutException;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for runs to finish, wherever they run. A run that ends in this engine wakes its waiters at
 * once ({@link #changed}); one that ends in another engine or process is seen by reading the store
 * again every poll interval.
 */
final class Outcomes {
  /** How a failed run is reported to the waiter. */
  enum Style {
    /** As a plain method call would: the workflow's own exception. */
    AS_CALL,
    /** As a handle does: a {@link WorkflowFailedException} with the workflow's exception as cause. */
    AS_HANDLE
  }

  private final WorkflowStore store;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final ClassLoader classLoader;
  private final long pollMillis;
  private final ConcurrentHashMap<String, CompletableFuture<Void>> signals = new ConcurrentHashMap<>();

  Outcomes(WorkflowStore store, JsonCodec codec, ErrorCodec errors, ClassLoader classLoader, long pollMillis) {
    this.store = store;
    this.codec = codec;
    this.errors = errors;
    this.classLoader = classLoader;
    this.pollMillis = pollMillis;
  }

  /** The run's stored state changed in this engine: its waiters look again now. */
  void changed(String workflowId) {
    CompletableFuture<Void> signal = signals.remove(workflowId);
    if (signal != null) {
      signal.complete(null);
    }
  }

  /**
   * The run's result once it has finished, waiting at most {@code timeoutMillis}.
   *
   * @throws WorkflowTimeoutException if it has not finished by then
   */
  Object await(String workflowId, JavaType resultType, long timeoutMillis, Style style) throws Throwable {
    try {
      return awaitOutcome(workflowId, resultType, timeoutMillis, style);
    } finally {
      // A waiter that leaves drops the signal, so that runs finished elsewhere leave nothing behind
      // (other waiters of the same run then poll).
      CompletableFuture<Void> signal = signals.get(workflowId);
      if (signal != null && !signal.isDone()) {
        signals.remove(workflowId, signal);
      }
    }
  }

  private Object awaitOutcome(String workflowId, JavaType resultType, long timeoutMillis, Style style) throws Throwable {
    long deadline = timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      // Taken before reading, so that a change between the read and the wait is not missed.
      CompletableFuture<Void> signal = signals.computeIfAbsent(workflowId, id -> new CompletableFuture<>());
      WorkflowRecord run = find(workflowId);
      switch (run.status()) {
        case COMPLETED -> {
          return codec.read(run.outputJson(), resultType, workflowId, "the result");
        }
        case FAILED -> {
          Throwable failure = errors.read(run.outputJson(), classLoader, workflowId, "the workflow");
          if (style == Style.AS_CALL) {
            throw failure;
          }
          throw new WorkflowFailedException(workflowId, "Workflow '" + workflowId + "' (" + run.workflowName()
              + ") failed: " + failure + ". Its exception is the cause; resume(\"" + workflowId + "\") runs it again"
              + " from where it stopped.", failure);
        }
        case CANCELLED -> throw cancelled(run);
        default -> {
          // Not finished yet: wait below.
        }
      }
      long left = deadline == Long.MAX_VALUE ? pollMillis : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new WorkflowTimeoutException(workflowId, run.status(), "Workflow '" + workflowId + "' (" + run.workflowName()
            + ") has not finished within " + timeoutMillis + " ms; it is " + run.status() + ". Only the wait ended: the"
            + " workflow goes on. Fix: wait longer, or ask again later with engine.handle(id, type).result().");
      }
      try {
        signal.get(Math.min(left, pollMillis), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // Poll the store: the run may have ended in another engine or process.
      } catch (ExecutionException e) {
        throw new IllegalStateException("a run's change signal never fails", e);
      }
    }
  }

  WorkflowRecord find(String workflowId) {
    return store.find(workflowId).orElseThrow(() -> unknown(workflowId));
  }

  static WorkflowDefinitionException unknown(String workflowId) {
    return new WorkflowDefinitionException("There is no workflow '" + workflowId + "' in this database (it was never"
        + " started here, or it was forgotten). Fix: check the id, and that this engine opens the database the run"
        + " was started on.");
  }

  static WorkflowCancelledException cancelled(WorkflowRecord run) {
    return new WorkflowCancelledException(run.workflowId(), "Workflow '" + run.workflowId() + "' (" + run.workflowName()
        + ") was cancelled" + (run.cancelledAt() == null ? "" : " at position " + run.cancelledAt()) + ". Fix: resume(\""
        + run.workflowId() + "\") starts it again from where it stopped, if that is wanted.");
  }

  /** Whether {@code failure} is, or was caused by, the run's cancellation. */
  static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof WorkflowCancelledException) {
        return true;
      }
    }
    return false;
  }
}
