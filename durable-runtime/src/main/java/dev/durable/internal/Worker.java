package dev.durable.internal;

import dev.durable.DurableWarning;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker in every engine that is not client-only: it runs the runs nobody holds. Its own timers
 * are kept in memory and fire at their due time (no polling for them); every poll interval it also
 * asks the store for runs that are ready (started and not running, due timers that another process
 * set, runs given back, runs whose owner died or whose lease expired), schedules those due within
 * the next interval to the millisecond, and passes on cancellations asked for runs this engine is
 * running. Runs execute on the worker's own threads, one per run while it runs; a run that sleeps
 * holds none.
 */
final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  /** How many ready runs one poll takes at most; the next poll takes the rest. */
  private static final int POLL_BATCH = 256;

  private final WorkflowStore store;
  private final String owner;
  private final Clock clock;
  private final long pollMillis;
  private final StoredRuns storedRuns;
  private final Map<String, RunContext> active;
  private final Events events;
  private final ScheduledExecutorService timer;
  private final ExecutorService runThreads;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  /** Runs woken while in flight here: looked at again when their execution ends, lest the wake be lost. */
  private final Set<String> rewake = ConcurrentHashMap.newKeySet();
  private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
  /** Runs this engine cannot run (class missing, say), so that each is reported once, not every poll. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean nudged = new AtomicBoolean();
  private volatile boolean closed;

  Worker(WorkflowStore store, String owner, Clock clock, long pollMillis, int threads, StoredRuns storedRuns,
      Map<String, RunContext> active, Events events) {
    this.store = store;
    this.owner = owner;
    this.clock = clock;
    this.pollMillis = pollMillis;
    this.storedRuns = storedRuns;
    this.active = active;
    this.events = events;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("durable-timer-"));
    // At most threads many runs execute at once; idle threads end after a few seconds, so a
    // thousand sleeping runs hold none.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemon("durable-run-"));
    pool.allowCoreThreadTimeOut(true);
    this.runThreads = pool;
  }

  /** Starts polling; called once the engine around this worker is fully built. */
  void start() {
    timer.scheduleWithFixedDelay(this::poll, 0, pollMillis, TimeUnit.MILLISECONDS);
    store.onReadyElsewhere(this::pollSoon);
  }

  /**
   * Polls now, off the caller's thread: another process made a run ready. Nudges that come while
   * one is queued are folded into it.
   */
  private void pollSoon() {
    if (closed || !nudged.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.execute(() -> {
        nudged.set(false);
        poll();
      });
    } catch (RejectedExecutionException e) {
      nudged.set(false); // closing
    }
  }

  /** Runs {@code workflowId} here when {@code wakeAtMillis} comes (the earliest time asked wins). */
  void schedule(String workflowId, long wakeAtMillis) {
    if (closed) {
      return;
    }
    // A little early, so that the run is resumed and replayed by the time it is due (see WAKE_EARLY_MILLIS).
    long delay = Math.max(0, wakeAtMillis - WorkflowStore.WAKE_EARLY_MILLIS - clock.millis());
    timers.compute(workflowId, (id, existing) -> {
      if (existing != null && !existing.isDone() && existing.getDelay(TimeUnit.MILLISECONDS) <= delay) {
        return existing;
      }
      if (existing != null) {
        existing.cancel(false);
      }
      try {
        return timer.schedule(() -> {
          timers.remove(id);
          store.find(id).ifPresent(this::wake);
        }, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        return null; // closing
      }
    });
  }

  /**
   * A run this engine made due (an event sent, a child started or finished): runs it now if it is
   * due, or at its time. A run in flight here is looked at again when its execution ends.
   */
  void wake(WorkflowRecord run) {
    if (run.status() == WorkflowStatus.PENDING
        || run.status() == WorkflowStatus.WAITING && run.wakeAt() <= clock.millis() + WorkflowStore.WAKE_EARLY_MILLIS) {
      // Marked first: if the run is in flight here, its execution looks again when it ends (see launch).
      rewake.add(run.workflowId());
      launch(run);
    } else if (run.status() == WorkflowStatus.WAITING && run.wakeAt() != Long.MAX_VALUE) {
      schedule(run.workflowId(), run.wakeAt());
    }
  }

  /** Runs a run that is ready on one of the worker's threads, unless this engine runs it already. */
  void launch(WorkflowRecord run) {
    if (closed || run.status().isFinished() || !inFlight.add(run.workflowId())) {
      return;
    }
    // This execution covers wakes so far; one that comes while it runs is seen when it ends.
    rewake.remove(run.workflowId());
    try {
      runThreads.execute(() -> {
        try {
          execute(run);
        } finally {
          inFlight.remove(run.workflowId());
          if (rewake.remove(run.workflowId())) {
            store.find(run.workflowId()).ifPresent(this::wake);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      inFlight.remove(run.workflowId());
    }
  }

  private void execute(WorkflowRecord run) {
    if (closed) {
      return;
    }
    StoredRuns.Prepared prepared = storedRuns.prepare(run);
    if (prepared.skipReason() != null) {
      if (reported.add(run.workflowId())) {
        events.warning(log, new DurableWarning(DurableWarning.Kind.WORKFLOW_SKIPPED, run.workflowId(),
            run.workflowName(), run.className(), "This engine cannot run workflow '" + run.workflowId() + "' ("
            + run.workflowName() + "), so it leaves it to other engines: " + prepared.skipReason()));
      }
      return;
    }
    StoredRuns.Result result = storedRuns.invoke(prepared);
    if (result.ending() == StoredRuns.Ending.FAILED) {
      // The failure is the run's recorded outcome (or an engine error, logged where it happened).
      log.debug("Workflow '{}' ended with {}", run.workflowId(), result.failure().toString());
    }
  }

  private void poll() {
    if (closed) {
      return;
    }
    try {
      long now = clock.millis();
      for (WorkflowRecord run : store.ready(now, now + pollMillis, POLL_BATCH, reported)) {
        boolean later = run.status() != WorkflowStatus.RUNNING && run.wakeAt() > now + WorkflowStore.WAKE_EARLY_MILLIS
            && !WorkflowStore.cancellationDue(run);
        if (later) {
          schedule(run.workflowId(), run.wakeAt());
        } else if (!reported.contains(run.workflowId())) {
          launch(run);
        }
      }
      for (String id : store.cancelRequested(owner)) {
        RunContext running = active.get(id);
        if (running != null) {
          running.requestCancel();
        }
      }
    } catch (RuntimeException e) {
      if (closed) {
        // The engine closed its store under this poll: nothing to look for any more.
        log.debug("A poll ended as the engine closed: {}", e.toString());
        return;
      }
      // The next poll tries again; runs wait meanwhile, none is lost.
      log.warn("The worker could not look for ready workflows ({}); it tries again in {} ms.", e.toString(), pollMillis, e);
    }
  }

  /** How many threads are running runs now, for tests and diagnostics. */
  int runningThreads() {
    return inFlight.size();
  }

  /** Stops taking runs and waits up to {@code waitMillis} for those running to stop at their next step. */
  void close(long waitMillis) {
    closed = true;
    timer.shutdownNow();
    runThreads.shutdown();
    try {
      if (!runThreads.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
        log.warn("{} workflow runs were still in a step body {} ms after their engine began to close; they are left"
            + " RUNNING, and another engine takes each over when its lease expires.", inFlight.size(), waitMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(0);
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
