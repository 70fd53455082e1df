package dev.durable.internal;

import dev.durable.RecoveryReport;
import dev.durable.RecoveryReport.Entry;
import dev.durable.RecoveryReport.Outcome;
import dev.durable.WorkflowBusyException;
import dev.durable.internal.store.WorkflowRecord;
import java.lang.reflect.InvocationTargetException;
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

  private final WorkflowEngineCore core;
  private final Registry registry;

  Recovery(WorkflowEngineCore core, Registry registry) {
    this.core = core;
    this.registry = registry;
  }

  RecoveryReport run() {
    List<WorkflowRecord> unfinished = core.store().unfinished();
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
    if (core.guard().isRunning(id)) {
      return skipped(r, "it is running in this engine right now");
    }
    if (core.liveness().heldByAnother(r, core.owner(), core.clock().millis())) {
      return skipped(r, "another live engine runs it (" + r.owner() + ")");
    }
    Class<?> type;
    try {
      type = registry.resolve(r);
    } catch (ClassNotFoundException | LinkageError e) {
      return skipped(r, "its class " + r.className() + " cannot be loaded (" + e + "). Fix: deploy the class, or forget the workflow");
    }
    WorkflowMethodModel method;
    Object proxy;
    Object[] args;
    try {
      WorkflowModel model = core.model(type);
      method = model.workflowMethod(r.method());
      if (method == null) {
        return skipped(r, "class " + type.getName() + " no longer has workflow method " + r.method());
      }
      args = core.codec().readArguments(r.argumentsJson(), method.parameterTypes(), id);
      proxy = core.workflow(type, id);
    } catch (RuntimeException e) {
      return skipped(r, e.getMessage());
    }
    try {
      method.method().setAccessible(true);
      method.method().invoke(proxy, args);
      return new Entry(id, r.workflowName(), Outcome.COMPLETED, null);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof WorkflowBusyException busy) {
        // Another live process claimed it between our listing and our call (concurrentRuns FAIL):
        // it is being recovered, just not by us, so this is not a failure of the workflow.
        return skipped(r, "another live engine runs it (" + busy.owner() + ")");
      }
      return new Entry(id, r.workflowName(), Outcome.FAILED, String.valueOf(e.getCause()));
    } catch (ReflectiveOperationException e) {
      return skipped(r, "its workflow method cannot be called: " + e);
    }
  }

  private static Entry skipped(WorkflowRecord r, String reason) {
    log.warn("recover() skipped workflow '{}' ({}): {}", r.workflowId(), r.workflowName(), reason);
    return new Entry(r.workflowId(), r.workflowName(), Outcome.SKIPPED, reason);
  }
}
