package dev.durable.internal;

import dev.durable.DurableWarning;
import dev.durable.RecoveryReport;
import dev.durable.RecoveryReport.Entry;
import dev.durable.RecoveryReport.Outcome;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes every unfinished workflow in the store without its original caller: resolves its class,
 * rebuilds its arguments, and calls its workflow method on a fresh proxy. A workflow that cannot be
 * resumed (class gone, no usable constructor, arguments unreadable, another live owner) is reported
 * and skipped; the others still recover.
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);
  private static final int MAX_PARALLEL = 16;

  private final WorkflowStore store;
  private final RunGuard guard;
  private final OwnerLiveness liveness;
  private final String owner;
  private final Clock clock;
  private final StoredRuns storedRuns;
  private final Events events;

  Recovery(WorkflowStore store, RunGuard guard, OwnerLiveness liveness, String owner, Clock clock, StoredRuns storedRuns,
      Events events) {
    this.store = store;
    this.guard = guard;
    this.liveness = liveness;
    this.owner = owner;
    this.clock = clock;
    this.storedRuns = storedRuns;
    this.events = events;
  }

  RecoveryReport run() {
    List<WorkflowRecord> unfinished = store.unfinished();
    if (unfinished.isEmpty()) {
      return new RecoveryReport(List.of());
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL, unfinished.size()), r -> {
      Thread t = new Thread(r, "durable-recovery");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Entry>> futures = new ArrayList<>();
      for (WorkflowRecord record : unfinished) {
        futures.add(pool.submit(() -> recover(record)));
      }
      List<Entry> entries = new ArrayList<>();
      for (Future<Entry> f : futures) {
        entries.add(f.get());
      }
      return new RecoveryReport(entries);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("recover() was interrupted; the workflows it had not finished stay unfinished", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("recover() failed unexpectedly", e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  private Entry recover(WorkflowRecord r) {
    String id = r.workflowId();
    if (guard.isRunning(id)) {
      // This engine's worker (or a caller) runs it already: report how that execution ends.
      return afterThisEnginesExecution(r);
    }
    if (liveness.heldByAnother(r, owner, clock.millis())) {
      return skipped(r, "another live engine runs it (" + r.owner() + ")");
    }
    StoredRuns.Prepared prepared = storedRuns.prepare(r);
    if (prepared.skipReason() != null) {
      return skipped(r, prepared.skipReason());
    }
    StoredRuns.Result result = storedRuns.invoke(prepared);
    return switch (result.ending()) {
      case COMPLETED -> new Entry(id, r.workflowName(), Outcome.COMPLETED, null);
      case FAILED -> new Entry(id, r.workflowName(), Outcome.FAILED, String.valueOf(result.failure()));
      // Asleep on a timer (a worker resumes it when due), or claimed meanwhile by another live engine.
      case WAITING -> guard.isRunning(id)
          ? afterThisEnginesExecution(r)
          : new Entry(id, r.workflowName(), Outcome.WAITING, waitingReason(id));
    };
  }

  private Entry afterThisEnginesExecution(WorkflowRecord r) {
    guard.awaitIdle(r.workflowId());
    WorkflowRecord now = store.find(r.workflowId()).orElse(null);
    if (now == null) {
      return skipped(r, "it was deleted meanwhile");
    }
    return switch (now.status()) {
      case COMPLETED -> new Entry(r.workflowId(), r.workflowName(), Outcome.COMPLETED, null);
      case FAILED, CANCELLED -> new Entry(r.workflowId(), r.workflowName(), Outcome.FAILED, "it ended " + now.status());
      case WAITING -> new Entry(r.workflowId(), r.workflowName(), Outcome.WAITING, waitingReason(r.workflowId()));
      case PENDING, RUNNING -> skipped(r, "another execution of it stopped without finishing; it is " + now.status());
    };
  }

  private String waitingReason(String id) {
    return store.find(id).map(w -> w.status() != WorkflowStatus.WAITING
        ? "another live engine runs it (" + w.owner() + ")"
        : !w.waitingFor().isEmpty()
        ? "it waits for " + String.join(" or ", w.waitingFor().stream().map(WaitKeys::describe).toList())
            + (w.wakeAt() == Long.MAX_VALUE ? "" : " or until " + Instant.ofEpochMilli(w.wakeAt()))
            + "; a worker resumes it then"
        : "it sleeps on a durable timer until " + Instant.ofEpochMilli(w.wakeAt()) + "; a worker resumes it then")
        .orElse("it was deleted meanwhile");
  }

  private Entry skipped(WorkflowRecord r, String reason) {
    events.warning(log, new DurableWarning(DurableWarning.Kind.WORKFLOW_SKIPPED, r.workflowId(), r.workflowName(),
        r.className(), "recover() skipped workflow '" + r.workflowId() + "' (" + r.workflowName() + "): " + reason));
    return new Entry(r.workflowId(), r.workflowName(), Outcome.SKIPPED, reason);
  }
}
