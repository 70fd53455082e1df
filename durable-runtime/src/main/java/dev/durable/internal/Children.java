package dev.durable.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.durable.WorkflowDefinitionException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Child workflows: a parent's call of a child proxy's workflow method ({@code
 * Durable.child(Type.class, id).run(x)}).
 *
 * <p>The call takes two positions in the parent's history. At the first, the child is recorded as a
 * run of its own (PENDING, for any worker) in the same transaction as the parent's record of the
 * start, so a replayed parent never starts it again. At the second, the parent records the child's
 * outcome once it has one: until then the parent suspends, holding no thread, and the store makes it
 * due when the child finishes. A parent that crashes meanwhile resumes waiting for the same child.
 * A child's failure is the call's failure, as a step's would be; resuming the parent after that
 * failure ended it resumes the child too.
 */
final class Children {
  static final String START = "Durable.startChild";
  static final String AWAIT = "Durable.awaitChild";

  /** Checks that a stored run is the call being made now. */
  @FunctionalInterface
  interface CallCheck {
    void check(WorkflowRecord stored, NewWorkflow request, WorkflowModel model);
  }

  private final WorkflowStore store;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final Clock clock;
  private final String owner;
  private final Function<Class<?>, String> fingerprints;
  private final CallCheck sameCall;
  private final Consumer<Class<?>> constructible;
  /** Runs a child (or a restarted one) on this engine's worker now, if it has one. */
  private final Consumer<WorkflowRecord> wakeHere;
  /** Child-mode proxies of this engine. */
  private final java.util.function.BiFunction<Class<?>, String, Object> proxies;

  Children(WorkflowStore store, JsonCodec codec, ErrorCodec errors, Clock clock, String owner,
      Function<Class<?>, String> fingerprints, CallCheck sameCall, Consumer<Class<?>> constructible,
      Consumer<WorkflowRecord> wakeHere, java.util.function.BiFunction<Class<?>, String, Object> proxies) {
    this.proxies = proxies;
    this.store = store;
    this.codec = codec;
    this.errors = errors;
    this.clock = clock;
    this.owner = owner;
    this.fingerprints = fingerprints;
    this.sameCall = sameCall;
    this.constructible = constructible;
    this.wakeHere = wakeHere;
  }

  /** A proxy of {@code type} whose workflow method starts child run {@code childId} (see {@link #call}). */
  <C> C proxy(Class<C> type, String childId) {
    return type.cast(proxies.apply(type, childId));
  }

  Object call(Frame frame, ProxyBinding child, WorkflowMethodModel method, Object[] args) throws Throwable {
    RunContext run = frame.run;
    run.checkNotStopped();
    String childId = child.workflowId;
    if (childId.equals(run.workflowId())) {
      throw new WorkflowDefinitionException("Workflow '" + childId + "' starts a child workflow with its own id. A"
          + " child is a run of its own, so it needs an id of its own. Fix: derive the child's id from the parent's,"
          + " for example Durable.workflowId() + \"-laptop\".");
    }
    WorkflowModel model = child.model;
    NewWorkflow request = new NewWorkflow(childId, model.name(), model.type().getName(), method.signature(),
        codec.writeArguments(args, method.parameterTypes(), childId), fingerprints.apply(model.type()));

    String startPosition = frame.sequence.next();
    String startName = START + "(" + childId + ")";
    if (run.replayCheck(startPosition, startName) == null) {
      run.checkCancellation(startPosition, true);
      Optional<WorkflowRecord> existing = store.find(childId);
      existing.ifPresent(r -> sameCall.check(r, request, model));
      if (existing.isPresent() && !run.workflowId().equals(existing.get().parentId())) {
        throw new WorkflowDefinitionException("Workflow '" + run.workflowId() + "' starts child '" + childId + "', but"
            + " that id already names a run that is not its child (" + (existing.get().parentId() == null
            ? "started on its own" : "a child of '" + existing.get().parentId() + "'") + "). Its outcome would never"
            + " wake this workflow, and cancelling this one would not cancel it. Fix: derive child ids from the"
            + " parent's, for example Durable.workflowId() + \"-laptop\".");
      }
      if (existing.isEmpty()) {
        constructible.accept(model.type());
      }
      long now = clock.millis();
      String started = JsonNodeFactory.instance.objectNode().put("childId", childId).put("workflow", model.name())
          .toString();
      WorkflowRecord stored;
      try {
        stored = store.startChild(run.workflowId(), owner,
            new StepRecord(startPosition, startName, StepStatus.COMPLETED, 1, started, now, now), request, now);
      } catch (RuntimeException e) {
        throw run.stopWith(e);
      }
      sameCall.check(stored, request, model);
      wakeHere.accept(stored);
    }

    String outcomePosition = frame.sequence.next();
    String outcomeName = AWAIT + "(" + childId + ")";
    RecordedStep outcome = run.replayCheck(outcomePosition, outcomeName);
    ClassLoader loader = model.type().getClassLoader();
    if (outcome != null && outcome.status() == StepStatus.COMPLETED) {
      return codec.read(outcome.outputJson(), method.resultType(), run.workflowId(), "child '" + childId + "'");
    }
    if (outcome != null && outcome.status() == StepStatus.FAILED) {
      Throwable failure = errors.read(outcome.outputJson(), loader, run.workflowId(), outcomeName);
      run.thrown(failure, outcomePosition);
      throw failure;
    }
    WorkflowRecord state = store.find(childId).orElseThrow(() -> new WorkflowDefinitionException("Workflow '"
        + run.workflowId() + "' waits for its child '" + childId + "', which is no longer in the database (it was"
        + " forgotten). The parent cannot know its outcome. Fix: forget the parent too, or start it again under a new id."));
    // A REOPENED await (the child's failure ended this run, which was resumed) reads the child as it
    // is now: resume() started a failed child again before it started this run (see Lifecycle).
    long now = clock.millis();
    switch (state.status()) {
      case COMPLETED -> {
        Object value = codec.read(state.outputJson(), method.resultType(), run.workflowId(), "child '" + childId + "'");
        run.checkCancellation(outcomePosition, false);
        run.record(new StepRecord(outcomePosition, outcomeName, StepStatus.COMPLETED, 1, state.outputJson(), now, now));
        return value;
      }
      case FAILED, CANCELLED -> {
        Throwable failure = state.status() == WorkflowStatus.FAILED
            ? errors.read(state.outputJson(), loader, childId, "the workflow")
            : Outcomes.cancelled(state);
        // A parent whose cancellation is asked for gets its own here, not its child's failure (the
        // child may have ended cancelled, by the same request, before the parent looked).
        run.checkCancellation(outcomePosition, true);
        run.record(new StepRecord(outcomePosition, outcomeName, StepStatus.FAILED, 1,
            state.status() == WorkflowStatus.FAILED ? state.outputJson() : errors.write(failure), now, now));
        run.thrown(failure, outcomePosition);
        throw failure;
      }
      default -> {
        run.checkCancellation(outcomePosition, true);
        throw run.suspendUntil(Long.MAX_VALUE, WaitKeys.child(childId));
      }
    }
  }
}
