package dev.durable.internal;

import dev.durable.ChangedCodeException;
import dev.durable.ConcurrentRunPolicy;
import dev.durable.DurableStoreException;
import dev.durable.DurableWarning;
import dev.durable.LeaseLostException;
import dev.durable.NonDeterministicWorkflowException;
import dev.durable.StepSerializationException;
import dev.durable.WorkflowArgumentsMismatchException;
import dev.durable.WorkflowBusyException;
import dev.durable.WorkflowEvent;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one execution of a {@code @WorkflowMethod}: checks the call against what is stored for the
 * id, takes ownership, loads the history in one query, runs the workflow code with its frame bound,
 * and records how the execution ended: a result, a failure, a cancellation, a suspension on a timer
 * (the run is WAITING and nobody holds it), or an engine failure (divergence, unreadable history,
 * store errors, lost lease), after which the run is given back PENDING with its history untouched,
 * for workers to try again after {@link #RETRY_AFTER_ENGINE_ERROR_MILLIS}.
 *
 * <p>Who waits depends on the {@link ProxyBinding.Mode}: a caller of the workflow's proxy waits for
 * the run's outcome, through suspensions, whichever engine finishes it; a worker hands the run back
 * at its first suspension ({@link RunSuspended}) and goes on to other work.
 */
final class WorkflowRunner {
  private static final Logger log = LoggerFactory.getLogger(WorkflowRunner.class);
  private static final long WAIT_POLL_MILLIS = 50;
  /** A run stopped by an engine error (a divergence, say) is tried again by workers this much later. */
  static final long RETRY_AFTER_ENGINE_ERROR_MILLIS = 60_000;

  private final RunEnvironment env;
  private final WorkflowStore store;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final Events events;
  private final long leaseMillis;
  private final ConcurrentRunPolicy concurrentRuns;
  private final RunGuard guard;
  private final LeaseKeeper leases;
  private final Map<String, RunContext> active;
  private final Outcomes outcomes;
  /** This engine's worker, where suspended runs are scheduled; null if it has none. */
  private final Worker worker;
  private final boolean clientOnly;
  private final Function<Class<?>, String> fingerprints;
  private final CodeChanges codeChanges;

  WorkflowRunner(RunEnvironment env, JsonCodec codec, ErrorCodec errors, Events events, long leaseMillis,
      ConcurrentRunPolicy concurrentRuns, RunGuard guard, LeaseKeeper leases, Map<String, RunContext> active,
      Outcomes outcomes, Worker worker, boolean clientOnly, Function<Class<?>, String> fingerprints,
      CodeChanges codeChanges) {
    this.codeChanges = codeChanges;
    this.env = env;
    this.store = env.store();
    this.codec = codec;
    this.errors = errors;
    this.events = events;
    this.leaseMillis = leaseMillis;
    this.concurrentRuns = concurrentRuns;
    this.guard = guard;
    this.leases = leases;
    this.active = active;
    this.outcomes = outcomes;
    this.worker = worker;
    this.clientOnly = clientOnly;
    this.fingerprints = fingerprints;
  }

  Object run(ProxyBinding binding, WorkflowMethodModel method, Object[] args, Callable<?> body) throws Throwable {
    WorkflowModel model = binding.model;
    String id = binding.workflowId;
    String argumentsJson = codec.writeArguments(args, method.parameterTypes(), id);
    NewWorkflow request = new NewWorkflow(id, model.name(), model.type().getName(), method.signature(), argumentsJson,
        fingerprints.apply(model.type()));
    boolean worker = binding.mode == ProxyBinding.Mode.WORKER;
    if (clientOnly) {
      return startAndAwait(request, model, method);
    }
    RunGuard.Permit permit = worker ? guard.tryAcquire(id) : guard.acquire(id, model.name());
    if (permit == null) {
      throw new RunSuspended(id);
    }
    Claim claim;
    try {
      claim = claim(request, model, worker);
      WorkflowRecord record = claim.record();
      switch (claim.kind()) {
        case COMPLETED -> {
          events.workflow(id, model.name(), WorkflowEvent.Kind.ALREADY_COMPLETED);
          return codec.read(record.outputJson(), method.resultType(), id, "the result");
        }
        case CANCELLED -> throw Outcomes.cancelled(record);
        case ABSENT -> throw new RunSuspended(id);
        case WAITING -> {
          if (worker) {
            throw new RunSuspended(id);
          }
        }
        default -> {
          events.workflow(id, model.name(),
              claim.kind() == Claim.Kind.STARTED ? WorkflowEvent.Kind.STARTED : WorkflowEvent.Kind.RESUMED);
          Optional<Object> result = execute(model, method, record, claim.kind() == Claim.Kind.STARTED, body);
          if (result.isPresent()) {
            return result.get() == NULL_RESULT ? null : result.get();
          }
          if (worker) {
            throw new RunSuspended(id);
          }
        }
      }
    } finally {
      permit.release();
    }
    if (this.worker == null) {
      // No worker here to resume it: the caller does, when it is due (or another engine sooner).
      awaitDue(id);
      return run(binding, method, args, body);
    }
    // The run waits on a timer: a caller waits for its outcome, which a worker (here or elsewhere) brings.
    return outcomes.await(id, method.resultType(), Long.MAX_VALUE, Outcomes.Style.AS_CALL);
  }

  /** Waits until the WAITING run {@code id} may be claimed again, or is no longer WAITING. */
  private void awaitDue(String id) throws InterruptedException {
    while (true) {
      WorkflowRecord run = outcomes.find(id);
      long left = run.wakeAt() - WorkflowStore.WAKE_EARLY_MILLIS - env.clock().millis();
      if (run.status() != WorkflowStatus.WAITING || left <= 0 || WorkflowStore.cancellationDue(run)) {
        return;
      }
      Thread.sleep(Math.min(left, 1_000));
    }
  }

  /**
   * A client-only engine runs nothing: a call records the run (or resumes a failed one) for the
   * workers on the database, and waits for its outcome.
   */
  private Object startAndAwait(NewWorkflow request, WorkflowModel model, WorkflowMethodModel method) throws Throwable {
    long now = env.clock().millis();
    WorkflowRecord stored = store.enqueue(request, now);
    checkSameCall(stored, request, model);
    if (stored.status() == WorkflowStatus.FAILED) {
      store.restart(request.workflowId(), now);
    }
    return outcomes.await(request.workflowId(), method.resultType(), Long.MAX_VALUE, Outcomes.Style.AS_CALL);
  }

  /** Takes ownership, waiting for (or refusing) another live owner as the engine's policy says. */
  private Claim claim(NewWorkflow request, WorkflowModel model, boolean worker) throws InterruptedException {
    while (true) {
      Optional<WorkflowRecord> existing = store.find(request.workflowId());
      existing.ifPresent(r -> checkSameCall(r, request, model));
      if (existing.isPresent() && existing.get().status() == WorkflowStatus.COMPLETED) {
        return new Claim(Claim.Kind.COMPLETED, existing.get());
      }
      WorkflowRecord stored = existing.orElse(null);
      CodeChanges.Verdict verdict = stored == null ? CodeChanges.Verdict.SAME : codeChanges.judge(stored, request);
      boolean held = stored != null && CodeChanges.heldFor(stored) != null;
      long now = env.clock().millis();
      if (held && CodeChanges.sameCode(stored, request)) {
        // The code that last ran it is back (a rollback): the hold is lifted, its fingerprint kept.
        store.acceptCode(request.workflowId(), stored.fingerprint(), now);
        continue;
      }
      Claim claim;
      boolean changed = held || verdict == CodeChanges.Verdict.HOLD;
      if (changed && !WorkflowStore.cancellationDue(stored)) {
        // Held (this throws), or not to be taken now: busy elsewhere, not due, gone.
        claim = hold(stored, request, worker);
      } else {
        // A cancellation is a decision on the run too: it goes into the new code, which compensates,
        // without approving that code (the recorded fingerprint stays).
        NewWorkflow asked = changed ? withoutFingerprint(request) : request;
        // A worker's record of the run may be older than a forget(): it must never record the run anew.
        claim = store.claim(asked, env.owner(), now, now + leaseMillis, !worker);
      }
      if (claim.kind() != Claim.Kind.BUSY) {
        checkSameCall(claim.record(), request, model);
        return claim;
      }
      if (worker) {
        // Another live engine runs it: nothing for this worker to do.
        throw new RunSuspended(request.workflowId());
      }
      if (concurrentRuns == ConcurrentRunPolicy.FAIL) {
        throw new WorkflowBusyException(request.workflowId(), claim.record().owner(), "Workflow '" + request.workflowId()
            + "' is being run right now by another live engine (" + claim.record().owner() + "). Only one engine runs a"
            + " workflow at a time, so that no step runs twice. Fix: call again later, or build the engine with"
            + " concurrentRuns(ConcurrentRunPolicy.WAIT) to wait for its result.");
      }
      Thread.sleep(WAIT_POLL_MILLIS);
    }
  }

  void checkSameCall(WorkflowRecord stored, NewWorkflow request, WorkflowModel model) {
    boolean sameMethod = stored.method().equals(request.method()) && stored.workflowName().equals(request.workflowName());
    if (sameMethod && codec.sameJson(stored.argumentsJson(), request.argumentsJson())) {
      return;
    }
    throw new WorkflowArgumentsMismatchException(request.workflowId(), "Workflow '" + request.workflowId() + "' was started as "
        + stored.workflowName() + "." + stored.method() + " with arguments " + abbreviate(stored.argumentsJson())
        + " and is now called as " + model.name() + "." + request.method() + " with arguments "
        + abbreviate(request.argumentsJson()) + ". A workflow id names one run, and its steps were recorded for the"
        + " original call, so it cannot change. Fix: call it with the original arguments to resume it or get its"
        + " result, or use a new workflow id for the new call.");
  }

  /**
   * Holds a run whose code changed, as the policy says: takes it (keeping its recorded fingerprint)
   * and suspends it waiting for a decision on the new code, then tells a caller so; a worker leaves
   * it. Returns the claim when the run cannot be taken now (busy elsewhere, not due, gone).
   */
  private Claim hold(WorkflowRecord stored, NewWorkflow request, boolean worker) {
    String current = request.fingerprint();
    String heldFor = CodeChanges.heldFor(stored);
    if (heldFor == null) {
      long now = env.clock().millis();
      Claim claim = store.claim(withoutFingerprint(request), env.owner(), now, now + leaseMillis, false);
      if (claim.kind() != Claim.Kind.STARTED && claim.kind() != Claim.Kind.RESUMED) {
        return claim;
      }
      try {
        store.suspend(request.workflowId(), env.owner(), Long.MAX_VALUE, List.of(WaitKeys.code(current)), now);
      } catch (RuntimeException e) {
        // Not held after all: give it back rather than keep it RUNNING under this engine's lease.
        try {
          store.release(request.workflowId(), env.owner(), 0, now);
        } catch (RuntimeException notReleased) {
          e.addSuppressed(notReleased);
        }
        throw e;
      }
      outcomes.changed(request.workflowId());
      events.warning(log, new DurableWarning(DurableWarning.Kind.CODE_CHANGED, request.workflowId(),
          request.workflowName(), request.className(), codeChanges.heldMessage(request.workflowId(),
          stored.fingerprint(), current)));
    }
    if (worker) {
      throw new RunSuspended(request.workflowId());
    }
    throw new ChangedCodeException(request.workflowId(), stored.fingerprint(), current,
        codeChanges.heldMessage(request.workflowId(), stored.fingerprint(), current));
  }

  private static NewWorkflow withoutFingerprint(NewWorkflow request) {
    return new NewWorkflow(request.workflowId(), request.workflowName(), request.className(), request.method(),
        request.argumentsJson(), null);
  }


  /** Stands for a null result in {@link #execute}'s Optional. */
  private static final Object NULL_RESULT = new Object();

  /**
   * Runs the workflow code once.
   *
   * @return its result (see {@link #NULL_RESULT}), or empty if the run suspended on a timer
   */
  private Optional<Object> execute(WorkflowModel model, WorkflowMethodModel method, WorkflowRecord record, boolean fresh,
      Callable<?> body) throws Throwable {
    String id = record.workflowId();
    RunContext run = new RunContext(env, model, id, fresh ? List.of() : store.replayHistory(id),
        record.cancelRequested(), record.cancelledAt());
    leases.track();
    active.put(id, run);
    Object result;
    try {
      Throwable thrown = null;
      Object returned = null;
      Frame previous = Frame.enter(new Frame(run, Sequence.root(), null));
      try {
        returned = body.call();
      } catch (Throwable t) {
        thrown = t;
      } finally {
        Frame.restore(previous);
        run.awaitBranches();
      }
      // Whatever the code caught or returned, a stopped run ends with what stopped it.
      Throwable stopped = run.stopped();
      if (stopped instanceof RunSuspended) {
        suspend(run, model);
        return Optional.empty();
      }
      if (stopped != null) {
        if (thrown != null && thrown != stopped) {
          stopped.addSuppressed(thrown);
        }
        throw stopped;
      }
      if (thrown != null) {
        throw thrown;
      }
      run.checkWholeHistoryReached();
      result = returned;
    } catch (Throwable failure) {
      if (leavesRunUnfinished(failure)) {
        releaseAfter(id, failure);
        outcomes.changed(id);
        throw failure;
      }
      List<String> reopen = run.positionsEndedBy(failure);
      boolean cancelled = run.cancellationDelivered() && Outcomes.isCancellation(failure);
      WorkflowStatus outcome = cancelled ? WorkflowStatus.CANCELLED : WorkflowStatus.FAILED;
      store.workflowFinished(id, env.owner(), outcome, errors.write(failure), reopen, env.clock().millis());
      wakeParent(record);
      events.workflow(id, model.name(), cancelled ? WorkflowEvent.Kind.CANCELLED : WorkflowEvent.Kind.FAILED);
      outcomes.changed(id);
      throw failure;
    } finally {
      active.remove(id, run);
      leases.untrack();
    }
    String json;
    try {
      json = codec.write(result, method.resultType(), id, "the result");
    } catch (StepSerializationException notStorable) {
      store.workflowFinished(id, env.owner(), WorkflowStatus.FAILED, errors.write(notStorable), List.of(),
          env.clock().millis());
      wakeParent(record);
      events.workflow(id, model.name(), WorkflowEvent.Kind.FAILED);
      outcomes.changed(id);
      throw notStorable;
    }
    store.workflowFinished(id, env.owner(), WorkflowStatus.COMPLETED, json, List.of(), env.clock().millis());
    wakeParent(record);
    events.workflow(id, model.name(), WorkflowEvent.Kind.COMPLETED);
    outcomes.changed(id);
    return Optional.of(result == null ? NULL_RESULT : result);
  }

  /** Records the run WAITING until its earliest timer, gives it up, and schedules its wake-up here. */
  private void suspend(RunContext run, WorkflowModel model) {
    String id = run.workflowId();
    // Due at once if what it waits for came while it ran (the store decides, in the same transaction).
    long due = store.suspend(id, env.owner(), run.wakeAt(), run.waitingFor(), env.clock().millis());
    events.workflow(id, model.name(), WorkflowEvent.Kind.SUSPENDED);
    outcomes.changed(id);
    if (worker != null && due != Long.MAX_VALUE) {
      worker.schedule(id, due);
    }
  }

  /** A parent that waits for this child was made due by the store: run it now if this engine can. */
  private void wakeParent(WorkflowRecord child) {
    if (worker != null && child.parentId() != null) {
      store.find(child.parentId()).ifPresent(worker::wake);
    }
  }

  /**
   * Failures that are not the workflow's own outcome: the run is given back PENDING with its history
   * as it was, to be resumed (by a call, by recover(), or by a worker a little later) once the cause
   * is fixed.
   */
  private static boolean leavesRunUnfinished(Throwable failure) {
    return failure instanceof Error
        || failure instanceof NonDeterministicWorkflowException
        || failure instanceof LeaseLostException
        || failure instanceof DurableStoreException
        || failure instanceof InterruptedException
        || failure instanceof EngineClosing
        || (failure instanceof StepSerializationException s && s.whileReading());
  }

  private void releaseAfter(String id, Throwable failure) {
    if (failure instanceof LeaseLostException) {
      // Another engine holds it now, or it was deleted: it is not this engine's to give back.
      return;
    }
    try {
      // A closing engine says nothing about the run: another worker may take it at once. Anything else
      // (an interrupt, an Error, a divergence) waits a while, so that a step that always fails so
      // cannot make the workers spin.
      boolean transientStop = failure instanceof EngineClosing;
      long now = env.clock().millis();
      store.release(id, env.owner(), transientStop ? 0 : now + RETRY_AFTER_ENGINE_ERROR_MILLIS, now);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static String abbreviate(String json) {
    return json.length() <= 300 ? json : json.substring(0, 300) + "...";
  }
}
