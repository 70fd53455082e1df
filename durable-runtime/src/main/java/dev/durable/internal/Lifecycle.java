package dev.durable.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.durable.WorkflowDefinitionException;
import dev.durable.WorkflowDescriptor;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowStatus;
import dev.durable.WorkflowSummary;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.Positions;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The engine's lifecycle API: starting a run without waiting for it, handles to runs wherever they
 * run, cancelling, starting a finished run again, and listing. A start is recorded durably before
 * {@code start} returns; this engine's worker (if it has one) takes the run at once, and any other
 * worker on the database may.
 */
public final class Lifecycle {
  /** Capture-mode proxies, which only record the call {@code start} is given. */
  interface CaptureProxies {
    ProxyBinding bind(Class<?> type, String workflowId);

    Object instantiate(ProxyBinding binding);
  }

  private final CaptureProxies proxies;
  private final Registry registry;
  private final Function<Class<?>, WorkflowModel> models;
  private final WorkflowStore store;
  private final JsonCodec codec;
  private final Clock clock;
  private final WorkflowRunner runner;
  private final Map<String, RunContext> active;
  private final Outcomes outcomes;
  /** This engine's worker, which takes started runs at once; null if it has none. */
  private final Worker worker;
  private final EventWaits events;

  Lifecycle(CaptureProxies proxies, Registry registry, Function<Class<?>, WorkflowModel> models, WorkflowStore store,
      JsonCodec codec, Clock clock, WorkflowRunner runner, Map<String, RunContext> active, Outcomes outcomes, Worker worker,
      EventWaits events) {
    this.proxies = proxies;
    this.registry = registry;
    this.models = models;
    this.store = store;
    this.codec = codec;
    this.clock = clock;
    this.runner = runner;
    this.active = active;
    this.outcomes = outcomes;
    this.worker = worker;
    this.events = events;
  }

  /** Records a run of {@code call} on {@code type} as {@code workflowId}, and hands it to a worker. */
  public <T, R> WorkflowHandle<R> start(Class<T> type, String workflowId, Function<T, R> call) {
    Captured<R> captured = capture(type, workflowId, call);
    WorkflowRecord stored = store.enqueue(captured.request, clock.millis());
    runner.checkSameCall(stored, captured.request, captured.model);
    if (worker != null && stored.status() == WorkflowStatus.PENDING) {
      worker.launch(stored);
    }
    return new RunHandle<>(outcomes, this, workflowId, captured.method.resultType());
  }

  /**
   * Stores event {@code name} for the run {@code workflowId}, durably, before returning; a run of
   * this engine that waits for it runs at once.
   */
  public void sendEvent(String workflowId, String name, Object payload) {
    EventWaits.checkName(name, "sendEvent(\"" + workflowId + "\", ...)");
    events.send(workflowId, name, payload);
  }

  /**
   * Starts the run as {@link #start} does unless it exists, and stores the event for it, in one
   * transaction: for a webhook that may come before the run is started.
   */
  public <T, R> WorkflowHandle<R> sendEventWithStart(Class<T> type, String workflowId, Function<T, R> call, String name,
      Object payload) {
    EventWaits.checkName(name, "sendEventWithStart(..., \"" + workflowId + "\", ...)");
    Captured<R> captured = capture(type, workflowId, call);
    String json = events.payloadJson(payload, workflowId, name);
    // A call that differs from the stored one is refused before anything is stored.
    store.find(workflowId).ifPresent(existing -> runner.checkSameCall(existing, captured.request, captured.model));
    EventDelivery delivery = store.enqueueWithEvent(captured.request, name, json, payload.getClass().getName(),
        clock.millis());
    if (delivery.target() != null) {
      runner.checkSameCall(delivery.target(), captured.request, captured.model);
    }
    if (!delivery.stored()) {
      throw EventWaits.notDeliverable(delivery, workflowId, name);
    }
    WorkflowRecord stored = delivery.target();
    if (worker != null && (stored.status() == WorkflowStatus.PENDING || delivery.woken())) {
      worker.wake(stored);
    }
    return new RunHandle<>(outcomes, this, workflowId, captured.method.resultType());
  }

  /** A start's call, recorded by a capture-mode proxy. */
  private record Captured<R>(WorkflowModel model, WorkflowMethodModel method, NewWorkflow request) {}

  private <T, R> Captured<R> capture(Class<T> type, String workflowId, Function<T, R> call) {
    ProxyBinding binding = proxies.bind(type, workflowId);
    checkConstructible(type);
    @SuppressWarnings("unchecked")
    T capturing = (T) proxies.instantiate(binding);
    call.apply(capturing);
    WorkflowMethodModel method = binding.capturedMethod;
    if (method == null) {
      throw new IllegalArgumentException("start(" + type.getSimpleName() + ".class, \"" + workflowId + "\", call): the"
          + " call invoked no workflow method, so there is nothing to start. Fix: call the @WorkflowMethod on the proxy"
          + " the lambda is given, for example w -> w.run(input).");
    }
    WorkflowModel model = binding.model;
    String argumentsJson = codec.writeArguments(binding.capturedArguments, method.parameterTypes(), workflowId);
    NewWorkflow request = new NewWorkflow(workflowId, model.name(), type.getName(), method.signature(), argumentsJson,
        registry.descriptor(type.getName()).map(WorkflowDescriptor::fingerprint).orElse(null));
    return new Captured<>(model, method, request);
  }

  /** A handle to the run {@code workflowId}, started anywhere, whose result is read as {@code resultType}. */
  public <R> WorkflowHandle<R> handle(String workflowId, Type resultType) {
    WorkflowIds.check(workflowId);
    outcomes.find(workflowId);
    return new RunHandle<>(outcomes, this, workflowId, codec.type(resultType));
  }

  /**
   * Asks the run to be cancelled.
   *
   * @return false if it had already finished, and nothing changed
   */
  public boolean cancel(String workflowId) {
    WorkflowIds.check(workflowId);
    WorkflowRecord run = store.requestCancel(workflowId, clock.millis())
        .orElseThrow(() -> Outcomes.unknown(workflowId));
    if (run.status().isFinished()) {
      return false;
    }
    RunContext running = active.get(workflowId);
    if (running != null) {
      running.requestCancel();
    } else if (worker != null && run.status() != WorkflowStatus.RUNNING) {
      // Nobody holds it: wake it here, so that the cancellation reaches its code now.
      worker.launch(run);
    }
    outcomes.changed(workflowId);
    return true;
  }

  /**
   * Starts a FAILED or CANCELLED run again from where it stopped, from its stored class, method and
   * arguments; a run that has not finished is left to go on. The failed steps that ended it get a
   * fresh retry budget.
   */
  public WorkflowHandle<Object> resume(String workflowId) {
    WorkflowIds.check(workflowId);
    WorkflowRecord before = outcomes.find(workflowId);
    if (before.status() == WorkflowStatus.WAITING
        && before.waitingFor().stream().anyMatch(key -> WaitKeys.codeFingerprint(key) != null)) {
      // Held for changed code: it goes on with this engine's code if it has the class (after a
      // rollback, that is the old code), else with the code it waits for a decision on.
      String mine = registry.descriptor(before.className()).map(WorkflowDescriptor::fingerprint).orElse(null);
      WorkflowRecord run = store.acceptCode(workflowId, mine, clock.millis())
          .orElseThrow(() -> Outcomes.unknown(workflowId));
      if (worker != null && run.status() == WorkflowStatus.PENDING) {
        worker.launch(run);
      }
      outcomes.changed(workflowId);
      return new RunHandle<>(outcomes, this, workflowId, resultTypeOf(run));
    }
    if (before.status() == WorkflowStatus.CANCELLED && before.cancelledAt() != null) {
      checkNothingAfterCancellation(before);
    }
    // Children whose failure ended this run go again first, so that the run finds them going.
    restartFailedChildren(workflowId);
    WorkflowRecord run = store.restart(workflowId, clock.millis())
        .orElseThrow(() -> Outcomes.unknown(workflowId));
    if (worker != null && run.status() == WorkflowStatus.PENDING) {
      worker.launch(run);
    }
    outcomes.changed(workflowId);
    return new RunHandle<>(outcomes, this, workflowId, resultTypeOf(run));
  }

  /**
   * Starts {@code newWorkflowId} as a copy of {@code workflowId}'s call whose history holds the
   * source's entries before top-level position {@code fromPosition} (with the branches started
   * before it): a worker replays those and runs the current code from there. The source run and its
   * history are left as they are.
   */
  public WorkflowHandle<Object> fork(String workflowId, String newWorkflowId, int fromPosition) {
    WorkflowIds.check(workflowId);
    WorkflowIds.check(newWorkflowId);
    if (fromPosition < 1) {
      throw new IllegalArgumentException("fork(" + workflowId + ", " + newWorkflowId + ", " + fromPosition + "):"
          + " positions start at 1. Fix: give the top-level position of the first step to run again (1 runs the"
          + " whole workflow again; 'durable history' shows the positions).");
    }
    WorkflowRecord source = outcomes.find(workflowId);
    String before = Integer.toString(fromPosition);
    List<StepRecord> copied = store.history(workflowId).stream()
        .filter(step -> step.status() != StepStatus.STARTED && Positions.compare(step.position(), before) < 0)
        .sorted((a, b) -> Positions.compare(a.position(), b.position()))
        .toList();
    refuseSplitChild(workflowId, fromPosition, copied);
    String fingerprint = registry.descriptor(source.className()).map(WorkflowDescriptor::fingerprint).orElse(null);
    NewWorkflow fork = new NewWorkflow(newWorkflowId, source.workflowName(), source.className(), source.method(),
        source.argumentsJson(), fingerprint);
    if (!store.enqueueWithHistory(fork, copied, clock.millis())) {
      throw new IllegalArgumentException("Cannot fork workflow '" + workflowId + "' as '" + newWorkflowId + "': a run"
          + " with that id exists already, and a workflow id names one run. Fix: choose a new id for the fork.");
    }
    WorkflowRecord run = outcomes.find(newWorkflowId);
    if (worker != null) {
      worker.launch(run);
    }
    return new RunHandle<>(outcomes, this, newWorkflowId, resultTypeOf(run));
  }

  /**
   * Refuses a fork whose copied history starts a child but does not take its result: the child
   * belongs to the source (its end wakes the source, a cancellation of the fork would not reach it),
   * so the fork would wait for it for ever.
   */
  private static void refuseSplitChild(String workflowId, int fromPosition,
      List<StepRecord> copied) {
    Set<String> awaited = new HashSet<>();
    for (var step : copied) {
      if (step.name().startsWith(Children.AWAIT + "(")) {
        awaited.add(step.name().substring(Children.AWAIT.length()));
      }
    }
    for (var step : copied) {
      if (step.name().startsWith(Children.START + "(")
          && !awaited.contains(step.name().substring(Children.START.length()))) {
        throw new IllegalArgumentException("Cannot fork workflow '" + workflowId + "' from position " + fromPosition
            + ": its history starts child " + step.name().substring(Children.START.length()) + " at position "
            + step.position() + " but takes its result only after that, and a child belongs to the run that started"
            + " it, so the fork would wait for it for ever. Fix: fork from position " + step.position().split("\\.")[0]
            + " or earlier (the fork starts a child of its own), or from after the position that takes the"
            + " child's result.");
      }
    }
  }

  /**
   * A run that ended because a child failed waits for that child again when resumed (its await is
   * REOPENED): the child is resumed too, once, here. A cancelled child that cannot be resumed is
   * left as it is, and the run gets its outcome again.
   */
  private void restartFailedChildren(String parentId) {
    for (var step : store.history(parentId)) {
      String name = step.name();
      if (step.status() != StepStatus.REOPENED || !name.startsWith(Children.AWAIT + "(")) {
        continue;
      }
      String childId = name.substring(Children.AWAIT.length() + 1, name.length() - 1);
      var child = store.find(childId);
      if (child.isPresent() && (child.get().status() == WorkflowStatus.FAILED
          || child.get().status() == WorkflowStatus.CANCELLED)) {
        try {
          resume(childId);
        } catch (WorkflowDefinitionException cannotResume) {
          // Left as it is: the parent's await reads its outcome again.
        }
      }
    }
  }

  /**
   * A cancelled run resumes at the position where the cancellation reached its code. If the code
   * caught it and ran compensating steps after it, those are recorded where the resumed run's own
   * steps would go, and it could not replay: refuse, before anything is changed.
   */
  private void checkNothingAfterCancellation(WorkflowRecord run) {
    String at = run.cancelledAt();
    List<String> after = store.history(run.workflowId()).stream().map(s -> s.position())
        .filter(p -> Positions.compare(p, at) > 0 && !p.startsWith(at + ".")).toList();
    if (!after.isEmpty()) {
      throw new WorkflowDefinitionException("Workflow '" + run.workflowId() + "' cannot be resumed: after its cancellation"
          + " reached the code at position " + at + ", the code went on to record steps at " + after + " (compensation),"
          + " where a resumed run would record its own. Fix: start a new run under a new id if the work is still wanted.");
    }
  }

  private JavaType resultTypeOf(WorkflowRecord run) {
    try {
      Class<?> type = registry.resolve(run);
      WorkflowMethodModel method = models.apply(type).workflowMethod(run.method());
      if (method != null) {
        return method.resultType();
      }
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      // Not loadable here: the result is read as plain JSON values.
    }
    return codec.type(Object.class);
  }

  /** Stored runs, newest first. */
  public List<WorkflowSummary> list(WorkflowQuery query) {
    long since = query.startedSince() == null ? Long.MIN_VALUE : query.startedSince().toEpochMilli();
    return store.list(query.status(), query.workflowName(), since, query.limit()).stream()
        .map(r -> new WorkflowSummary(r.workflowId(), r.workflowName(), r.status(), Instant.ofEpochMilli(r.createdAt()),
            Instant.ofEpochMilli(r.updatedAt()),
            r.wakeAt() > 0 && r.wakeAt() != Long.MAX_VALUE ? Instant.ofEpochMilli(r.wakeAt()) : null,
            r.cancelRequested(), r.waitingFor(), r.parentId()))
        .toList();
  }

  /** A class whose runs cannot be built here is refused before anything is stored. */
  void checkConstructible(Class<?> type) {
    if (registry.hasConstructorArguments(type)) {
      return;
    }
    try {
      int modifiers = type.getDeclaredConstructor().getModifiers();
      if (!Modifier.isPrivate(modifiers)) {
        return;
      }
    } catch (NoSuchMethodException e) {
      // Reported below.
    }
    throw new WorkflowDefinitionException("Cannot start " + type.getName() + ": it has no accessible no-argument"
        + " constructor and no constructor arguments were registered for it, so no worker could build it to run the"
        + " workflow. Fix: register it with DurableEngine.builder(...).register(" + type.getSimpleName()
        + ".class, args...), or give it a no-argument constructor.");
  }
}
