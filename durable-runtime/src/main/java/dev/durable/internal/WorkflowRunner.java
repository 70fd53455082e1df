package dev.durable.internal;

import dev.durable.ConcurrentRunPolicy;
import dev.durable.DurableStoreException;
import dev.durable.LeaseLostException;
import dev.durable.NonDeterministicWorkflowException;
import dev.durable.StepSerializationException;
import dev.durable.WorkflowArgumentsMismatchException;
import dev.durable.WorkflowBusyException;
import dev.durable.WorkflowEvent;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.WorkflowRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call of a {@code @WorkflowMethod}: checks the call against what is stored for the id,
 * takes ownership, loads the history in one query, runs the workflow code with its frame bound, and
 * commits the outcome. Engine failures during replay (divergence, unreadable history, store errors,
 * lost lease) leave the run unfinished and its history untouched, so it can be resumed once fixed.
 */
final class WorkflowRunner {
  private static final Logger log = LoggerFactory.getLogger(WorkflowRunner.class);
  private static final long WAIT_POLL_MILLIS = 50;

  private final WorkflowEngineCore core;

  WorkflowRunner(WorkflowEngineCore core) {
    this.core = core;
  }

  Object run(ProxyBinding binding, WorkflowMethodModel method, Object[] args, Callable<?> body) throws Throwable {
    WorkflowModel model = binding.model;
    String id = binding.workflowId;
    String argumentsJson = core.codec().writeArguments(args, method.parameterTypes(), id);
    NewWorkflow request = new NewWorkflow(id, model.name(), model.type().getName(), method.signature(), argumentsJson,
        core.fingerprintOf(model.type()));
    RunGuard.Permit permit = core.guard().acquire(id, model.name());
    try {
      Claim claim = claim(request, model, method);
      WorkflowRecord record = claim.record();
      if (claim.kind() == Claim.Kind.COMPLETED) {
        core.events().workflow(id, model.name(), WorkflowEvent.Kind.ALREADY_COMPLETED);
        return core.codec().read(record.outputJson(), method.resultType(), id, "the result");
      }
      core.events().workflow(id, model.name(),
          claim.kind() == Claim.Kind.STARTED ? WorkflowEvent.Kind.STARTED : WorkflowEvent.Kind.RESUMED);
      return execute(model, method, record, claim.kind() == Claim.Kind.STARTED, body);
    } finally {
      permit.release();
    }
  }

  /** Takes ownership, waiting for (or refusing) another live owner as the engine's policy says. */
  private Claim claim(NewWorkflow request, WorkflowModel model, WorkflowMethodModel method) throws InterruptedException {
    while (true) {
      Optional<WorkflowRecord> existing = core.store().find(request.workflowId());
      existing.ifPresent(r -> checkSameCall(r, request, model));
      existing.ifPresent(r -> warnIfCodeChanged(r, request));
      if (existing.isPresent() && existing.get().status() == WorkflowStatus.COMPLETED) {
        return new Claim(Claim.Kind.COMPLETED, existing.get());
      }
      long now = core.clock().millis();
      Claim claim = core.store().claim(request, core.owner(), now, now + core.leaseMillis());
      if (claim.kind() != Claim.Kind.BUSY) {
        checkSameCall(claim.record(), request, model);
        return claim;
      }
      if (core.concurrentRunPolicy() == ConcurrentRunPolicy.FAIL) {
        throw new WorkflowBusyException(request.workflowId(), claim.record().owner(), "Workflow '" + request.workflowId()
            + "' is being run right now by another live engine (" + claim.record().owner() + "). Only one engine runs a"
            + " workflow at a time, so that no step runs twice. Fix: call again later, or build the engine with"
            + " concurrentRuns(ConcurrentRunPolicy.WAIT) to wait for its result.");
      }
      Thread.sleep(WAIT_POLL_MILLIS);
    }
  }

  private void checkSameCall(WorkflowRecord stored, NewWorkflow request, WorkflowModel model) {
    boolean sameMethod = stored.method().equals(request.method()) && stored.workflowName().equals(request.workflowName());
    if (sameMethod && core.codec().sameJson(stored.argumentsJson(), request.argumentsJson())) {
      return;
    }
    throw new WorkflowArgumentsMismatchException(request.workflowId(), "Workflow '" + request.workflowId() + "' was started as "
        + stored.workflowName() + "." + stored.method() + " with arguments " + abbreviate(stored.argumentsJson())
        + " and is now called as " + model.name() + "." + request.method() + " with arguments "
        + abbreviate(request.argumentsJson()) + ". A workflow id names one run, and its steps were recorded for the"
        + " original call, so it cannot change. Fix: call it with the original arguments to resume it or get its"
        + " result, or use a new workflow id for the new call.");
  }

  private static void warnIfCodeChanged(WorkflowRecord stored, NewWorkflow request) {
    if (stored.status() != WorkflowStatus.COMPLETED && stored.fingerprint() != null && request.fingerprint() != null
        && !stored.fingerprint().equals(request.fingerprint())) {
      log.warn("Workflow '{}' ({}) is being resumed by workflow code that differs from the code that last ran it"
          + " (fingerprint {} then, {} now). If the change affects which steps run in which order, replay will stop"
          + " with a NonDeterministicWorkflowException; otherwise it resumes normally.",
          request.workflowId(), request.workflowName(), stored.fingerprint(), request.fingerprint());
    }
  }

  private Object execute(WorkflowModel model, WorkflowMethodModel method, WorkflowRecord record, boolean fresh, Callable<?> body)
      throws Throwable {
    String id = record.workflowId();
    RunContext run = new RunContext(core, model, id, fresh ? List.of() : core.store().replayHistory(id));
    core.leases().track();
    Object result;
    try {
      Frame previous = Frame.enter(new Frame(run, Sequence.root(), null));
      try {
        result = body.call();
      } finally {
        Frame.restore(previous);
        run.awaitBranches();
      }
      run.checkWholeHistoryReached();
    } catch (Throwable failure) {
      if (leavesRunUnfinished(failure)) {
        releaseAfter(id, failure);
        throw failure;
      }
      List<String> reopen = run.positionsEndedBy(failure);
      core.store().workflowFinished(id, core.owner(), false, core.errors().write(failure), reopen, core.clock().millis());
      core.events().workflow(id, model.name(), WorkflowEvent.Kind.FAILED);
      throw failure;
    } finally {
      core.leases().untrack();
    }
    String json;
    try {
      json = core.codec().write(result, method.resultType(), id, "the result");
    } catch (StepSerializationException notStorable) {
      core.store().workflowFinished(id, core.owner(), false, core.errors().write(notStorable), List.of(), core.clock().millis());
      core.events().workflow(id, model.name(), WorkflowEvent.Kind.FAILED);
      throw notStorable;
    }
    core.store().workflowFinished(id, core.owner(), true, json, List.of(), core.clock().millis());
    core.events().workflow(id, model.name(), WorkflowEvent.Kind.COMPLETED);
    return result;
  }

  /**
   * Failures that are not the workflow's own outcome: the run stays RUNNING with its history as it
   * was, to be resumed (by a call or by recover()) once the cause is fixed.
   */
  private static boolean leavesRunUnfinished(Throwable failure) {
    return failure instanceof Error
        || failure instanceof NonDeterministicWorkflowException
        || failure instanceof LeaseLostException
        || failure instanceof DurableStoreException
        || failure instanceof InterruptedException
        || (failure instanceof StepSerializationException s && s.whileReading());
  }

  private void releaseAfter(String id, Throwable failure) {
    try {
      core.store().release(id, core.owner());
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static String abbreviate(String json) {
    return json.length() <= 300 ? json : json.substring(0, 300) + "...";
  }
}
