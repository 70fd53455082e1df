package dev.durable.internal;

import dev.durable.ConcurrentRunPolicy;
import dev.durable.RecoveryReport;
import dev.durable.StepInfo;
import dev.durable.WorkflowDefinitionException;
import dev.durable.WorkflowDescriptor;
import dev.durable.EventInfo;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Deletion;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.Positions;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine behind {@code DurableEngine}. Its constructor is where one engine's object graph is
 * built, each component given the collaborators it uses (store, codecs, clock, guard, worker...),
 * so that the wiring is visible in one place; then it routes intercepted calls to the step executor
 * or the workflow runner. Nothing here is static, so engines in one JVM are independent.
 */
public final class WorkflowEngineCore implements AutoCloseable {
  private final WorkflowStore store;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final Clock clock;
  private final long leaseMillis;
  private final ConcurrentRunPolicy concurrentRuns;
  private final Events events;
  private final String owner;
  private final OwnerLiveness liveness;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ProxyFactory proxies;
  private final ExecutorService branchExecutor;
  private final boolean ownsExecutor;
  private final LeaseKeeper leases;
  private final RunGuard guard;
  private final StepExecutor steps;
  private final RecordedValues values;
  private final WorkflowRunner runner;
  private final Registry registry;
  /** The runs this engine is executing now, by id. */
  private final Map<String, RunContext> active = new ConcurrentHashMap<>();
  private final Outcomes outcomes;
  private final StoredRuns storedRuns;
  /** Null for an engine without a worker: client-only, or built with no worker threads. */
  private final Worker worker;
  private final boolean clientOnly;
  private final Lifecycle lifecycle;
  private final EventWaits eventWaits;
  private final Children children;
  private final ClassValue<WorkflowModel> models = new ClassValue<>() {
    @Override
    protected WorkflowModel computeValue(Class<?> type) {
      return WorkflowModel.of(type, codec);
    }
  };

  public WorkflowEngineCore(EngineConfig config) {
    this.store = config.store();
    this.owner = config.owner();
    this.liveness = config.liveness();
    this.codec = new JsonCodec(config.mapper());
    this.errors = new ErrorCodec(config.mapper());
    this.clock = config.clock();
    this.leaseMillis = config.leaseDuration().toMillis();
    this.concurrentRuns = config.concurrentRuns();
    this.events = new Events(config.listeners());
    this.proxies = new ProxyFactory(config.proxyDumpDirectory());
    this.ownsExecutor = config.branchExecutor() == null;
    this.branchExecutor = ownsExecutor ? Executors.newCachedThreadPool(daemonThreads("durable-branch-")) : config.branchExecutor();
    this.leases = new LeaseKeeper(store, owner, clock, leaseMillis, active);
    this.guard = new RunGuard(concurrentRuns, owner);
    this.registry = new Registry(config.constructorArguments(), config.classLoader(), events);
    this.values = new RecordedValues(codec, clock);
    this.steps = new StepExecutor(store, codec, errors, events, clock, owner, config.retryBackoff());
    this.outcomes = new Outcomes(store, codec, errors, config.classLoader(), config.pollInterval().toMillis());
    this.storedRuns = new StoredRuns(registry, models::get, codec, (type, id) -> proxy(type, id, ProxyBinding.Mode.WORKER));
    this.clientOnly = config.clientOnly();
    this.worker = config.clientOnly() || config.workerThreads() == 0 ? null
        : new Worker(store, owner, clock, config.pollInterval().toMillis(), config.workerThreads(), storedRuns, active,
            events);
    this.eventWaits = new EventWaits(store, codec, errors, clock, owner, this::wakeHere);
    Children children = new Children(store, codec, errors, clock, owner, this::fingerprintOf, this::checkChildCall,
        this::checkConstructible, this::wakeHere, (type, id) -> proxy(type, id, ProxyBinding.Mode.CHILD));
    this.children = children;
    RunEnvironment env = new RunEnvironment(this, store, owner, clock, branchExecutor, values, eventWaits, children);
    this.runner = new WorkflowRunner(env, codec, errors, events, leaseMillis, concurrentRuns, guard, leases, active, outcomes,
        worker, clientOnly, this::fingerprintOf, new CodeChanges(config.changedCode(), events));
    Lifecycle.CaptureProxies capture = new Lifecycle.CaptureProxies() {
      @Override
      public ProxyBinding bind(Class<?> type, String workflowId) {
        return binding(type, workflowId, ProxyBinding.Mode.CAPTURE);
      }

      @Override
      public Object instantiate(ProxyBinding binding) {
        return WorkflowEngineCore.this.instantiate(binding);
      }
    };
    this.lifecycle = new Lifecycle(capture, registry, models::get, store, codec, clock, runner, active, outcomes, worker,
        eventWaits);
    if (worker != null) {
      worker.start();
    }
  }

  /** A proxy of {@code type} bound to {@code workflowId}, for application code. */
  public <T> T workflow(Class<T> type, String workflowId) {
    return proxy(type, workflowId, ProxyBinding.Mode.CALLER);
  }

  <T> T proxy(Class<T> type, String workflowId, ProxyBinding.Mode mode) {
    return type.cast(proxies.instantiate(models.get(type), registry.constructorArguments(type), binding(type, workflowId, mode)));
  }

  /** A new binding of {@code type} to {@code workflowId}; {@link #proxy} instantiates the proxy with it. */
  ProxyBinding binding(Class<?> type, String workflowId, ProxyBinding.Mode mode) {
    checkOpen();
    WorkflowIds.check(workflowId);
    WorkflowModel model = models.get(type);
    registry.remember(model);
    return new ProxyBinding(this, model, workflowId, mode);
  }

  /** Instantiates a proxy of {@code binding}'s class bound to it. */
  Object instantiate(ProxyBinding binding) {
    return proxies.instantiate(binding.model, registry.constructorArguments(binding.model.type()), binding);
  }

  /** Called by every proxied method: a step, or a workflow method. */
  Object dispatch(ProxyBinding binding, Method method, Object[] args, Callable<?> body) throws Throwable {
    if (binding.mode == ProxyBinding.Mode.CAPTURE) {
      return binding.capture(method, args);
    }
    Optional<StepModel> step = binding.model.stepFor(method);
    Frame frame = Frame.raw();
    if (binding.mode == ProxyBinding.Mode.CHILD) {
      return callChild(binding, method, args, step.isPresent(), frame);
    }
    if (frame != null && frame.stepName == null && !frame.run.belongsTo(this, binding.workflowId)) {
      throw new WorkflowDefinitionException("Workflow '" + frame.run.workflowId() + "' (" + frame.run.model().name()
          + ") calls " + method.getName() + "() on the proxy of " + (frame.run.ofEngine(this) ? "another workflow, '"
          + binding.workflowId + "' (" + binding.model.name() + ")" : "a workflow of another engine") + ", from its"
          + " workflow code. That run's steps would be recorded in this run's history (or another engine's database),"
          + " so neither could be replayed. Fix: start the other workflow from outside workflow code"
          + " (engine.start(...)), or run it as a child: Durable.child(" + binding.model.type().getSimpleName()
          + ".class, id)." + method.getName() + "(...).");
    }
    if (step.isPresent()) {
      // Outside a workflow, or inside another step's body, a step is a plain method call.
      return frame == null || frame.stepName != null ? body.call() : steps.execute(frame, step.get(), body);
    }
    if (frame != null) {
      // The same run's workflow method called from its own code is inlined: its steps belong to this run.
      return body.call();
    }
    return runner.run(binding, binding.model.workflowMethod(WorkflowModel.signature(method)), args, body);
  }

  private Object callChild(ProxyBinding binding, Method method, Object[] args, boolean isStep, Frame frame)
      throws Throwable {
    if (frame == null || frame.stepName != null || !frame.run.ofEngine(this)) {
      throw new WorkflowDefinitionException("The child proxy of workflow '" + binding.workflowId + "' ("
          + binding.model.name() + ") was called " + (frame == null ? "outside workflow code"
          : frame.stepName != null ? "inside the body of step '" + frame.stepName + "'" : "by a run of another engine")
          + ". A child is started by its parent's workflow code, which records the start and waits for the outcome."
          + " Fix: call Durable.child(...) and its workflow method in the parent's @WorkflowMethod (or code it calls).");
    }
    WorkflowMethodModel workflowMethod = isStep ? null : binding.model.workflowMethod(WorkflowModel.signature(method));
    if (workflowMethod == null) {
      throw new WorkflowDefinitionException("Workflow '" + frame.run.workflowId() + "' calls " + method.getName()
          + "() on the child proxy of '" + binding.workflowId + "' (" + binding.model.name() + "), which is not its"
          + " @WorkflowMethod. A child proxy only starts the child. Fix: call the child's @WorkflowMethod on it.");
    }
    return children.call(frame, binding, workflowMethod, args);
  }

  /** A run of this engine that became due (an event, a child's start or end) runs now, not at the next poll. */
  private void wakeHere(dev.durable.internal.store.WorkflowRecord run) {
    if (worker != null && run != null) {
      worker.wake(run);
    }
  }

  private void checkChildCall(dev.durable.internal.store.WorkflowRecord stored, dev.durable.internal.store.NewWorkflow request,
      WorkflowModel model) {
    runner.checkSameCall(stored, request, model);
  }

  private void checkConstructible(Class<?> type) {
    lifecycle.checkConstructible(type);
  }

  public RecoveryReport recover() {
    checkOpen();
    return new Recovery(store, guard, liveness, owner, clock, storedRuns, events).run();
  }

  public Optional<WorkflowInfo> inspect(String workflowId) {
    WorkflowIds.check(workflowId);
    return store.find(workflowId).map(w -> new WorkflowInfo(w.workflowId(), w.workflowName(), w.className(), w.method(),
        w.argumentsJson(), w.status(), w.outputJson(), Instant.ofEpochMilli(w.createdAt()), Instant.ofEpochMilli(w.updatedAt()), w.fingerprint(),
        withStartedSteps(store.history(workflowId), w).stream().sorted((a, b) -> Positions.compare(a.position(), b.position()))
            .map(s -> new StepInfo(s.position(), s.name(), StepInfo.Status.valueOf(s.status().name()), s.attempts(),
            s.outputJson(), Instant.ofEpochMilli(s.startedAt()), s.finishedAt() == null ? null : Instant.ofEpochMilli(s.finishedAt())))
            .toList(), w.parentId(), w.waitingFor(), store.events(workflowId).stream()
            .map(e -> new EventInfo(e.seq(), e.name(), e.payloadJson(), e.payloadType(), Instant.ofEpochMilli(e.sentAt()),
                e.consumedBy()))
            .toList()));
  }

  /** The history plus the steps its owner is running (or was, if it died) that the history does not show yet. */
  private List<StepRecord> withStartedSteps(List<StepRecord> history, WorkflowRecord w) {
    if (w.status() != WorkflowStatus.RUNNING || w.owner() == null) {
      return history;
    }
    List<StepRecord> started = store.startedSteps(w.workflowId(), w.owner());
    if (started.isEmpty()) {
      return history;
    }
    Map<String, StepRecord> byPosition = new HashMap<>();
    history.forEach(s -> byPosition.put(s.position(), s));
    for (StepRecord s : started) {
      StepRecord recorded = byPosition.get(s.position());
      if (recorded == null || (recorded.status() == StepStatus.REOPENED || recorded.status() == StepStatus.STARTED)
          && recorded.attempts() < s.attempts()) {
        byPosition.put(s.position(), s);
      }
    }
    return new ArrayList<>(byPosition.values());
  }

  public boolean forget(String workflowId) {
    WorkflowIds.check(workflowId);
    if (guard.isRunning(workflowId)) {
      throw new WorkflowDefinitionException("Workflow '" + workflowId + "' is running in this engine right now and"
          + " cannot be forgotten. Fix: wait until its call returns.");
    }
    Deletion deletion = store.delete(workflowId, owner, clock.millis());
    if (deletion.liveOwner() != null) {
      throw new WorkflowDefinitionException("Workflow '" + workflowId + "' is being run by another live engine ("
          + deletion.liveOwner() + ") and cannot be forgotten. Fix: wait until it finishes.");
    }
    return deletion.existed();
  }

  String fingerprintOf(Class<?> type) {
    return registry.descriptor(type.getName()).map(WorkflowDescriptor::fingerprint).orElse(null);
  }

  /** Starting, finding, cancelling and listing runs (the engine's public lifecycle API). */
  public Lifecycle lifecycle() {
    checkOpen();
    return lifecycle;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("This DurableEngine on " + store.location() + " is closed. Fix: use an open engine.");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // Runs still going stop at their next step and are given back PENDING, for another engine.
    // A run suspending right now keeps its suspension; close() must not throw it (stopWith would).
    active.forEach((id, run) -> run.stopFromOutside(new EngineClosing(id, store.location())));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
    if (worker != null) {
      worker.close(CLOSE_WAIT_MILLIS);
    }
    // Callers' threads too: a run in a step body gives itself back when the step returns.
    while (!active.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    leases.close();
    if (ownsExecutor) {
      branchExecutor.shutdown();
    }
    store.close();
  }

  /** How long close() waits for runs in a step body to reach their next step. */
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
