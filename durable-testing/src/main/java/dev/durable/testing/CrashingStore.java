package dev.durable.testing;

import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.Deletion;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A store that dies at one {@link CrashPoint}, as the process would under {@code kill -9}: from that
 * instant every call throws {@link SimulatedCrash} and nothing more reaches the database. Calls
 * already inside the database when it dies finish first (a killed process's last commit is either
 * in or out), then {@code onCrash} runs, which copies the database as the kill left it. Without a
 * target it only records the crash points a run passes, in order.
 */
final class CrashingStore implements WorkflowStore {
  private final WorkflowStore delegate;
  private final CrashPoint target;
  private final Runnable onCrash;
  private final List<CrashPoint> passed = new CopyOnWriteArrayList<>();
  private final AtomicInteger inside = new AtomicInteger();
  private final CountDownLatch crashed = new CountDownLatch(1);
  private final CountDownLatch armed = new CountDownLatch(1);
  private volatile boolean dead;

  /**
   * @param target where to die, or null to record the points passed
   * @param onCrash runs once, in the dying thread, after the calls in progress have finished
   */
  CrashingStore(WorkflowStore delegate, CrashPoint target, Runnable onCrash) {
    this.delegate = delegate;
    this.target = target;
    this.onCrash = onCrash;
  }

  /** The crash points passed so far, in the order their commits were asked for (AFTER_COMMIT moments). */
  List<CrashPoint> passed() {
    return List.copyOf(passed);
  }

  /**
   * Lets the store die once the scenario has started its run: what the scenario does to start it
   * (events it sends, say) is the outside world, which a kill of the engine does not undo. A run that
   * reaches its crash point earlier waits there until then.
   */
  void arm() {
    armed.countDown();
  }

  /** Waits until this store has died; false if it has not within the timeout. */
  boolean awaitCrash(long millis) throws InterruptedException {
    return crashed.await(millis, TimeUnit.MILLISECONDS);
  }

  boolean isDead() {
    return dead;
  }

  private <T> T call(Supplier<T> action) {
    // Counted before the check, so that die() either sees this call inside or this call sees it dead.
    inside.incrementAndGet();
    try {
      if (dead) {
        throw new SimulatedCrash(target);
      }
      return action.get();
    } finally {
      inside.decrementAndGet();
    }
  }

  private void run(Runnable action) {
    call(() -> {
      action.run();
      return null;
    });
  }

  /** A write that records a history entry: dies before or after it, if it is the target. */
  private <T> T record(String workflowId, String position, String name, Supplier<T> write) {
    CrashPoint here = new CrashPoint(workflowId, position, name, CrashPoint.Moment.AFTER_COMMIT);
    if (target == null) {
      T result = call(write);
      passed.add(here);
      return result;
    }
    boolean isTarget = target.workflowId().equals(workflowId) && target.position().equals(position);
    if (isTarget) {
      awaitArmed();
    }
    if (isTarget && target.moment() == CrashPoint.Moment.BEFORE_COMMIT) {
      die();
    }
    T result = call(write);
    if (isTarget) {
      die();
    }
    return result;
  }

  private void awaitArmed() {
    try {
      if (!armed.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("The scenario's start did not return within 30 s while its run waited at the"
            + " crash point " + target + ". Fix: start the run and send its events in start(); do not wait for it there.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted at the crash point " + target, e);
    }
  }

  private void die() {
    synchronized (this) {
      if (!dead) {
        dead = true;
        // The other threads' writes in progress end, committed or not, before the snapshot is taken.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inside.get() > 0 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        onCrash.run();
        crashed.countDown();
      }
    }
    throw new SimulatedCrash(target);
  }

  @Override
  public void stepFinished(String workflowId, String owner, StepRecord step) {
    record(workflowId, step.position(), step.name(), () -> {
      delegate.stepFinished(workflowId, owner, step);
      return null;
    });
  }

  @Override
  public boolean consumeEvent(String workflowId, String owner, long seq, StepRecord step) {
    return record(workflowId, step.position(), step.name(), () -> delegate.consumeEvent(workflowId, owner, seq, step));
  }

  @Override
  public WorkflowRecord startChild(String parentId, String owner, StepRecord startStep, NewWorkflow child, long now) {
    return record(parentId, startStep.position(), startStep.name(),
        () -> delegate.startChild(parentId, owner, startStep, child, now));
  }

  @Override
  public EventDelivery sendEventFromRun(String senderId, String owner, StepRecord sendStep, String targetId, String name,
      String payloadJson, String payloadType, long now) {
    return record(senderId, sendStep.position(), sendStep.name(),
        () -> delegate.sendEventFromRun(senderId, owner, sendStep, targetId, name, payloadJson, payloadType, now));
  }

  @Override
  public void workflowFinished(String workflowId, String owner, WorkflowStatus outcome, String outputJson,
      List<String> reopen, long now) {
    record(workflowId, CrashPoint.END, "workflow " + outcome, () -> {
      delegate.workflowFinished(workflowId, owner, outcome, outputJson, reopen, now);
      return null;
    });
  }

  @Override
  public Optional<WorkflowRecord> find(String workflowId) {
    return call(() -> delegate.find(workflowId));
  }

  @Override
  public Claim claim(NewWorkflow workflow, String owner, long now, long leaseExpiresAt, boolean mayStart) {
    return call(() -> delegate.claim(workflow, owner, now, leaseExpiresAt, mayStart));
  }

  @Override
  public List<StepRecord> history(String workflowId) {
    return call(() -> delegate.history(workflowId));
  }

  @Override
  public List<RecordedStep> replayHistory(String workflowId) {
    return call(() -> delegate.replayHistory(workflowId));
  }

  @Override
  public List<StepRecord> startedSteps(String workflowId, String owner) {
    return call(() -> delegate.startedSteps(workflowId, owner));
  }

  @Override
  public void stepStarted(String workflowId, String owner, StepRecord step) {
    run(() -> delegate.stepStarted(workflowId, owner, step));
  }

  @Override
  public void release(String workflowId, String owner, long retryAt, long now) {
    run(() -> delegate.release(workflowId, owner, retryAt, now));
  }

  @Override
  public long suspend(String workflowId, String owner, long wakeAt, List<String> waitingFor, long now) {
    return call(() -> delegate.suspend(workflowId, owner, wakeAt, waitingFor, now));
  }

  @Override
  public EventDelivery sendEvent(String workflowId, String name, String payloadJson, String payloadType, long now) {
    return call(() -> delegate.sendEvent(workflowId, name, payloadJson, payloadType, now));
  }

  @Override
  public EventDelivery enqueueWithEvent(NewWorkflow workflow, String name, String payloadJson, String payloadType,
      long now) {
    return call(() -> delegate.enqueueWithEvent(workflow, name, payloadJson, payloadType, now));
  }

  @Override
  public Optional<StoredEvent> nextEvent(String workflowId, String name) {
    return call(() -> delegate.nextEvent(workflowId, name));
  }

  @Override
  public List<StoredEvent> events(String workflowId) {
    return call(() -> delegate.events(workflowId));
  }

  @Override
  public WorkflowRecord enqueue(NewWorkflow workflow, long now) {
    return call(() -> delegate.enqueue(workflow, now));
  }

  @Override
  public boolean enqueueWithHistory(NewWorkflow workflow, List<StepRecord> history, long now) {
    return call(() -> delegate.enqueueWithHistory(workflow, history, now));
  }

  @Override
  public Optional<WorkflowRecord> acceptCode(String workflowId, String fingerprint, long now) {
    return call(() -> delegate.acceptCode(workflowId, fingerprint, now));
  }

  @Override
  public Optional<WorkflowRecord> requestCancel(String workflowId, long now) {
    return call(() -> delegate.requestCancel(workflowId, now));
  }

  @Override
  public void cancellationDelivered(String workflowId, String owner, String position) {
    run(() -> delegate.cancellationDelivered(workflowId, owner, position));
  }

  @Override
  public Optional<WorkflowRecord> restart(String workflowId, long now) {
    return call(() -> delegate.restart(workflowId, now));
  }

  @Override
  public List<WorkflowRecord> list(WorkflowStatus status, String workflowName, long createdSince, int limit) {
    return call(() -> delegate.list(status, workflowName, createdSince, limit));
  }

  @Override
  public List<WorkflowRecord> ready(long now, long dueBefore, int limit, Set<String> excluded) {
    return call(() -> delegate.ready(now, dueBefore, limit, excluded));
  }

  @Override
  public List<String> cancelRequested(String owner) {
    return call(() -> delegate.cancelRequested(owner));
  }

  @Override
  public void renewLeases(String owner, Collection<String> workflowIds, long leaseExpiresAt) {
    run(() -> delegate.renewLeases(owner, workflowIds, leaseExpiresAt));
  }

  @Override
  public List<WorkflowRecord> unfinished() {
    return call(() -> delegate.unfinished());
  }

  @Override
  public Deletion delete(String workflowId, String asker, long now) {
    return call(() -> delegate.delete(workflowId, asker, now));
  }

  @Override
  public void onReadyElsewhere(Runnable nudge) {
    delegate.onReadyElsewhere(nudge);
  }

  @Override
  public String location() {
    return delegate.location();
  }

  /** Closes the database: after a crash the snapshot is taken already, so what this writes is discarded. */
  @Override
  public void close() {
    delegate.close();
  }
}
