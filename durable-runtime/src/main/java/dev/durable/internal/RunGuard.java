package dev.durable.internal;

import dev.durable.ConcurrentRunPolicy;
import dev.durable.WorkflowBusyException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets one thread of this engine run a given workflow id at a time; the store's lease does the same
 * between engines and processes. A second caller waits for the first to finish, or fails, as the
 * engine's {@link ConcurrentRunPolicy} says.
 */
final class RunGuard {
  private final ConcurrentHashMap<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
  private final ConcurrentRunPolicy policy;
  private final String owner;

  RunGuard(ConcurrentRunPolicy policy, String owner) {
    this.policy = policy;
    this.owner = owner;
  }

  /** A held permit for one workflow id. */
  final class Permit {
    private final String workflowId;
    private final CompletableFuture<Void> done;

    private Permit(String workflowId, CompletableFuture<Void> done) {
      this.workflowId = workflowId;
      this.done = done;
    }

    void release() {
      running.remove(workflowId, done);
      done.complete(null);
    }
  }

  Permit acquire(String workflowId, String workflowName) {
    while (true) {
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> other = running.putIfAbsent(workflowId, mine);
      if (other == null) {
        return new Permit(workflowId, mine);
      }
      if (policy == ConcurrentRunPolicy.FAIL) {
        throw new WorkflowBusyException(workflowId, owner, "Workflow '" + workflowId + "' (" + workflowName + ") is"
            + " already being run by another thread of this engine. Only one run of a workflow id proceeds at a"
            + " time, so that no step runs twice. Fix: call again once it returns, or build the engine with"
            + " concurrentRuns(ConcurrentRunPolicy.WAIT) to wait for its result.");
      }
      other.join();
    }
  }

  /** A permit if no thread of this engine runs the id now, else null (for workers, which never wait). */
  Permit tryAcquire(String workflowId) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    return running.putIfAbsent(workflowId, mine) == null ? new Permit(workflowId, mine) : null;
  }

  /** Waits until no thread of this engine runs the id. */
  void awaitIdle(String workflowId) {
    CompletableFuture<Void> other;
    while ((other = running.get(workflowId)) != null) {
      other.join();
    }
  }

  boolean isRunning(String workflowId) {
    return running.containsKey(workflowId);
  }
}
