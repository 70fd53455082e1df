package dev.durable.internal;

import dev.durable.WorkflowBusyException;
import dev.durable.internal.store.WorkflowRecord;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Function;

/**
 * Runs a stored run without its original caller, from its stored class, method and arguments: what
 * workers and {@code recover()} do. The workflow method is called on a worker-mode proxy, so the call
 * returns when the run ends or suspends, and never waits for another engine.
 */
final class StoredRuns {
  /** How one attempt to run a stored run ended. */
  enum Ending {
    COMPLETED,
    FAILED,
    /** It sleeps on a timer, or another live engine runs it: nothing left for this engine now. */
    WAITING
  }

  /** A stored run made callable here, or the reason it cannot be. */
  record Prepared(WorkflowMethodModel method, Object proxy, Object[] arguments, String skipReason) {}

  /** Builds a worker-mode proxy of a workflow class bound to a workflow id. */
  @FunctionalInterface
  interface WorkerProxies {
    Object create(Class<?> type, String workflowId);
  }

  private final Registry registry;
  private final Function<Class<?>, WorkflowModel> models;
  private final JsonCodec codec;
  private final WorkerProxies proxies;

  StoredRuns(Registry registry, Function<Class<?>, WorkflowModel> models, JsonCodec codec, WorkerProxies proxies) {
    this.registry = registry;
    this.models = models;
    this.codec = codec;
    this.proxies = proxies;
  }

  /** Resolves the run's class, method and arguments here; a reason instead if this engine cannot. */
  Prepared prepare(WorkflowRecord r) {
    Class<?> type;
    try {
      type = registry.resolve(r);
    } catch (ClassNotFoundException | LinkageError e) {
      return skip("its class " + r.className() + " cannot be loaded (" + e + "). Fix: deploy the class, or forget the workflow");
    }
    try {
      WorkflowModel model = models.apply(type);
      WorkflowMethodModel method = model.workflowMethod(r.method());
      if (method == null) {
        return skip("class " + type.getName() + " no longer has workflow method " + r.method());
      }
      Object[] args = codec.readArguments(r.argumentsJson(), method.parameterTypes(), r.workflowId());
      Object proxy = proxies.create(type, r.workflowId());
      return new Prepared(method, proxy, args, null);
    } catch (RuntimeException e) {
      return skip(e.getMessage());
    }
  }

  private static Prepared skip(String reason) {
    return new Prepared(null, null, null, reason);
  }

  /** How a call ended, with the workflow's exception if it failed. */
  record Result(Ending ending, Throwable failure) {}

  /** Calls the prepared run's workflow method. */
  Result invoke(Prepared prepared) {
    try {
      prepared.method().method().setAccessible(true);
      prepared.method().method().invoke(prepared.proxy(), prepared.arguments());
      return new Result(Ending.COMPLETED, null);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RunSuspended || cause instanceof WorkflowBusyException) {
        return new Result(Ending.WAITING, null);
      }
      return new Result(Ending.FAILED, cause);
    } catch (ReflectiveOperationException e) {
      return new Result(Ending.FAILED, e);
    }
  }
}
