package dev.durable.internal;

import dev.durable.NonDeterministicWorkflowException;
import dev.durable.WorkflowCancelledException;
import dev.durable.internal.store.Positions;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The state of one run of one workflow: its recorded history (loaded once), the positions the code
 * has reached so far, the branches it forked, and which recorded failures it has thrown. Shared by
 * the workflow thread and its branch threads.
 */
final class RunContext {
  private static final String BRANCH = "Durable.async";

  private final RunEnvironment env;
  private final WorkflowModel model;
  private final String workflowId;
  private final Map<String, Recorded> history;
  private final Set<String> branchPositions = new HashSet<>();
  /**
   * What the code called at positions where it did not simply replay the recorded step (new
   * positions, divergences); kept only when there is a history to compare with.
   */
  private final Map<String, String> reached;
  /** How many history rows the code must reach (not reopened), and how many it has. */
  private final int mustReach;
  private final AtomicInteger reachedRecorded = new AtomicInteger();
  private final Map<Throwable, String> thrownFailures = Collections.synchronizedMap(new IdentityHashMap<>());
  private final List<CompletableFuture<?>> branches = Collections.synchronizedList(new ArrayList<>());
  /**
   * Set once the run must not go on in this execution: it suspends on a timer ({@link RunSuspended}),
   * or it diverged from its history, or its history can no longer be trusted (lease lost, store
   * failure). Every later durable call of the run, in any of its threads, throws it again without
   * running or recording anything, and the run ends with it whatever the workflow code catches.
   */
  private volatile Throwable stop;
  /** The earliest wake-up of the timers this execution suspended on. */
  private long wakeAt = Long.MAX_VALUE;
  /**
   * How long a thread about to suspend the run waits for the run's other threads to reach a wait
   * of their own (see {@link #suspendUntil(long, String)}).
   */
  static final long SUSPEND_GRACE_MILLIS = 200;
  /** The run's threads that run workflow code: its own and the live branches (guarded by this). */
  private int threads = 1;
  /** Of those, the ones waiting in {@link #suspendUntil(long, String)} (guarded by this). */
  private int waiting;
  /** What its threads suspended on besides timers: events and children ({@link dev.durable.internal.store.WaitKeys}). */
  private final Set<String> waitingFor = new java.util.LinkedHashSet<>();
  private volatile boolean cancelRequested;
  /** Where the cancellation was thrown into the code: recorded, so that a replay throws it there again. */
  private volatile String cancelledAt;

  RunContext(RunEnvironment env, WorkflowModel model, String workflowId, List<RecordedStep> history,
      boolean cancelRequested, String cancelledAt) {
    this.env = env;
    this.model = model;
    this.workflowId = workflowId;
    this.cancelRequested = cancelRequested;
    this.cancelledAt = cancelledAt;
    this.history = new HashMap<>(history.size() * 2);
    int toReach = 0;
    for (RecordedStep step : history) {
      this.history.put(step.position(), new Recorded(step));
      if (mustBeReached(step)) {
        toReach++;
      }
      String p = step.position();
      for (int dot = p.indexOf('.'); dot >= 0; dot = p.indexOf('.', dot + 1)) {
        branchPositions.add(p.substring(0, dot));
      }
    }
    this.mustReach = toReach;
    // A fresh run cannot diverge: without history, nothing is worth remembering per position.
    this.reached = history.isEmpty() ? null : new ConcurrentHashMap<>();
  }

  /** A history row, and whether the code has reached its position in this run. */
  private static final class Recorded {
    final RecordedStep record;
    volatile boolean reached;

    Recorded(RecordedStep record) {
      this.record = record;
    }
  }

  private static boolean mustBeReached(RecordedStep step) {
    return step.status() != StepStatus.REOPENED;
  }

  String workflowId() {
    return workflowId;
  }

  WorkflowModel model() {
    return model;
  }

  /** Whether this is the run of {@code id} in {@code engine}. */
  boolean belongsTo(Object engine, String id) {
    return env.engine() == engine && workflowId.equals(id);
  }

  /** Whether this run's engine is {@code engine}. */
  boolean ofEngine(Object engine) {
    return env.engine() == engine;
  }

  /** The engine's clock now, in epoch millis. */
  long nowMillis() {
    return env.clock().millis();
  }

  /**
   * The recorded step at {@code position}, after checking that the code now does the same thing
   * there; null if nothing is recorded.
   */
  RecordedStep replayCheck(String position, String attempted) {
    checkNotStopped();
    if (reached == null) {
      return null;
    }
    Recorded entry = history.get(position);
    RecordedStep recorded = entry == null ? null : entry.record;
    if (recorded == null || !recorded.name().equals(attempted)) {
      reached.put(position, attempted);
    }
    if (recorded != null && !recorded.name().equals(attempted)) {
      throw divergence(position, recorded.name(), attempted);
    }
    if (recorded != null) {
      entry.reached = true;
      if (mustBeReached(recorded)) {
        reachedRecorded.incrementAndGet();
      }
    }
    if (recorded == null && branchPositions.contains(position) && !attempted.equals(BRANCH)) {
      throw divergence(position, BRANCH, attempted);
    }
    return recorded;
  }

  /**
   * The name of what the history holds at {@code position} (a step, a value, or {@link #BRANCH} for
   * a forked branch), without checking or counting it as reached; null if nothing.
   */
  String recordedNameAt(String position) {
    if (reached == null) {
      return null;
    }
    Recorded entry = history.get(position);
    if (entry != null) {
      return entry.record.name();
    }
    return branchPositions.contains(position) ? BRANCH : null;
  }

  <T> CompletableFuture<T> fork(Sequence parent, Callable<T> branch) {
    checkNotStopped();
    String position = parent.next();
    replayCheck(position, BRANCH);
    Sequence child = parent.branch(position);
    synchronized (this) {
      threads++;
    }
    CompletableFuture<T> future;
    try {
      future = CompletableFuture.supplyAsync(() -> {
        Frame previous = Frame.enter(new Frame(this, child, null));
        try {
          return branch.call();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new CompletionException(e);
        } finally {
          Frame.restore(previous);
          threadEnded();
        }
      }, env.branchExecutor());
    } catch (RuntimeException e) {
      threadEnded();
      throw e;
    }
    branches.add(future);
    return future;
  }

  private synchronized void threadEnded() {
    threads--;
    notifyAll();
  }

  /** Waits for branches the workflow forked but did not join, so none records after the run ends. */
  void awaitBranches() {
    // The run's own thread has left workflow code: a branch about to suspend need not wait for it.
    threadEnded();
    List<CompletableFuture<?>> snapshot;
    synchronized (branches) {
      snapshot = new ArrayList<>(branches);
    }
    for (CompletableFuture<?> f : snapshot) {
      try {
        f.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        // The workflow code owns the branch's outcome: it joined the future or chose to ignore it.
      }
    }
  }

  Instant recordedNow(Sequence sequence) {
    return (Instant) env.values().value(this, sequence, RecordedValues.NOW, Instant.class, () -> env.clock().instant());
  }

  UUID recordedRandomUuid(Sequence sequence) {
    return (UUID) env.values().value(this, sequence, RecordedValues.RANDOM_UUID, UUID.class, UUID::randomUUID);
  }

  /** Remembers that a recorded failure reached the workflow code, so its step can reopen if it ends the run. */
  void thrown(Throwable failure, String position) {
    thrownFailures.put(failure, position);
  }

  /** Positions of failed steps whose exception is (or caused) the one that ended the run. */
  List<String> positionsEndedBy(Throwable failure) {
    List<String> positions = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      String p = thrownFailures.get(t);
      if (p != null) {
        positions.add(p);
      }
      for (Throwable s : t.getSuppressed()) {
        String q = thrownFailures.get(s);
        if (q != null) {
          positions.add(q);
        }
      }
    }
    return positions;
  }

  /** After a successful run: recorded steps the code no longer reached mean the code changed. */
  void checkWholeHistoryReached() {
    if (reachedRecorded.get() == mustReach) {
      return;
    }
    for (Recorded entry : history.values()) {
      if (!entry.reached && mustBeReached(entry.record)) {
        throw divergence(entry.record.position(), entry.record.name(), null);
      }
    }
  }

  /**
   * Durably records a step's outcome or a recorded value. A failure to record (a lost lease, a store
   * error) stops the run: its history may now lack what the code goes on to rely on.
   */
  void record(StepRecord step) {
    try {
      env.store().stepFinished(workflowId, env.owner(), step);
    } catch (RuntimeException e) {
      throw stopWith(e);
    }
  }

  /** Throws what stopped this run, if anything did; called at the start of every durable call. */
  void checkNotStopped() {
    Throwable t = stop;
    if (t != null) {
      throw rethrowable(t);
    }
  }

  /** Stops the run with {@code t} (the first reason wins) and returns what to throw now. */
  RuntimeException stopWith(Throwable t) {
    synchronized (this) {
      if (stop == null) {
        stop = t;
        notifyAll();
      }
      return rethrowable(stop);
    }
  }

  /**
   * Stops the run with {@code t} unless something stopped it already, from outside its threads (an
   * engine closing): unlike {@link #stopWith}, it never throws what stopped the run first.
   */
  void stopFromOutside(Throwable t) {
    synchronized (this) {
      if (stop == null) {
        stop = t;
        notifyAll();
      }
    }
  }

  /** What stopped the run, or null. */
  Throwable stopped() {
    return stop;
  }

  private static RuntimeException rethrowable(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  /** A durable timer at the next position of {@code sequence} (see {@link RecordedValues#sleepUntil}). */
  void sleepUntil(Sequence sequence, java.util.function.LongSupplier requestedWakeAt) {
    env.values().sleepUntil(this, sequence, requestedWakeAt);
  }

  /**
   * Suspends the run until {@code wakeAtMillis}: this thread throws {@link RunSuspended}, and every
   * other thread of the run stops at its next durable call. Steps already running finish and are
   * recorded; none starts. The run's timer is the earliest of its threads' sleeps.
   */
  RuntimeException suspendUntil(long wakeAtMillis) {
    return suspendUntil(wakeAtMillis, null);
  }

  /**
   * As {@link #suspendUntil(long)}, waiting also for what {@code waitKey} names (an event or a
   * child, see {@link dev.durable.internal.store.WaitKeys}); {@link Long#MAX_VALUE}: no timer.
   */
  RuntimeException suspendUntil(long wakeAtMillis, String waitKey) {
    synchronized (this) {
      wakeAt = Math.min(wakeAt, wakeAtMillis);
      if (waitKey != null) {
        waitingFor.add(waitKey);
      }
      // Suspending stops every thread of the run at its next durable call. So that the run's other
      // threads can first reach their own waits (a second child started, a second event awaited),
      // this thread waits until all of them wait too or have ended, for a short while at most: a
      // thread blocked in join() on a waiting branch never will. Only when the run suspends depends
      // on this, never what it records.
      waiting++;
      notifyAll();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SUSPEND_GRACE_MILLIS);
      try {
        long left;
        while (stop == null && waiting < threads && (left = deadline - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting--;
      }
    }
    return stopWith(new RunSuspended(workflowId));
  }

  /** The earliest timer the run suspended on. */
  synchronized long wakeAt() {
    return wakeAt;
  }

  /** What the run's threads suspended on besides timers. */
  synchronized List<String> waitingFor() {
    return List.copyOf(waitingFor);
  }

  /** A value recorded at the next position of {@code sequence} (see {@link RecordedValues#value}). */
  Object recordedValue(Sequence sequence, String name, Class<?> type, java.util.function.Supplier<?> fresh) {
    return env.values().value(this, sequence, name, type, fresh);
  }

  /** The run's environment: its engine's store, owner, clock and the components that record at positions. */
  RunEnvironment env() {
    return env;
  }

  /** Asks the run to take the cancellation at its next step or sleep (from a cancel seen while it runs). */
  void requestCancel() {
    cancelRequested = true;
  }

  /** Whether a cancellation was thrown into this run's code. */
  boolean cancellationDelivered() {
    return cancelledAt != null;
  }

  /**
   * At a step or sleep at {@code position}: throws the run's cancellation if it was thrown here
   * before (a replay), or if one is asked for and not yet delivered and this call would run a step
   * body or wait ({@code wouldActOrWait}); a replayed step is never where a cancellation lands.
   */
  void checkCancellation(String position, boolean wouldActOrWait) {
    String at = cancelledAt;
    if (position.equals(at)) {
      throw cancelled(position);
    }
    if (!wouldActOrWait || !cancelRequested || at != null) {
      return;
    }
    synchronized (this) {
      if (cancelledAt != null) {
        return;
      }
      try {
        env.store().cancellationDelivered(workflowId, env.owner(), position);
      } catch (RuntimeException e) {
        throw stopWith(e);
      }
      cancelledAt = position;
    }
    throw cancelled(position);
  }

  private WorkflowCancelledException cancelled(String position) {
    return new WorkflowCancelledException(workflowId, "Workflow '" + workflowId + "' (" + model.name() + ") was"
        + " cancelled; the cancellation reached its code at position " + position + ". Steps recorded before it stand."
        + " Catch this exception to run compensating steps, then rethrow it so that the run ends CANCELLED.");
  }

  private NonDeterministicWorkflowException divergence(String position, String recorded, String attempted) {
    String what = attempted == null
        ? "the code finished without reaching recorded step '" + recorded + "' at position " + position
        : recorded.equals(BRANCH)
            ? "the code calls '" + attempted + "' at position " + position + " where the history holds a parallel branch (Durable.async)"
            : "the code calls '" + attempted + "' at position " + position + " where the history holds '" + recorded + "'";
    return record(new NonDeterministicWorkflowException(workflowId, position, recorded, attempted,
        "Workflow '" + workflowId + "' (" + model.name() + ") does not replay its history: " + what + ".\n"
            + sideBySide(position) + "\nReplay would mix results of different code, so it stopped; the stored history"
            + " is untouched. Check that the workflow code is deterministic and has not changed since this run"
            + " started. Fix: run the version of the code that started it (to finish it), or start changed code"
            + " under a new workflow id."));
  }

  /** A divergence stops the run: code that catches it must not go on to run or record more steps. */
  private NonDeterministicWorkflowException record(NonDeterministicWorkflowException e) {
    stopWith(e);
    return e;
  }

  private String sideBySide(String divergedAt) {
    Set<String> positions = new HashSet<>(history.keySet());
    positions.addAll(reached.keySet());
    List<String> ordered = positions.stream().sorted(Positions::compare).collect(Collectors.toList());
    StringBuilder table = new StringBuilder(String.format("  %-10s %-32s %s%n", "position", "recorded", "code now"));
    for (String p : ordered) {
      Recorded entry = history.get(p);
      RecordedStep r = entry == null ? null : entry.record;
      String recorded = r == null ? (branchPositions.contains(p) ? BRANCH : "-")
          : r.name() + " (" + r.status() + ")";
      String replayed = entry != null && entry.reached ? r.name() : null;
      String now = reached.getOrDefault(p, replayed != null ? replayed : p.equals(divergedAt) ? "-" : "(not reached)");
      table.append(String.format("  %-10s %-32s %s%s%n", p, recorded, now, p.equals(divergedAt) ? "   <-- here" : ""));
    }
    return table.toString().stripTrailing();
  }
}
