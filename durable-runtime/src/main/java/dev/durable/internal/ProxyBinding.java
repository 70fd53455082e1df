package dev.durable.internal;

import java.lang.reflect.Method;

/**
 * What a proxy instance is bound to: the engine that runs it, its workflow model, its workflow id,
 * and who calls it ({@link Mode}). Public only because generated proxies in user packages refer to it.
 */
public final class ProxyBinding {
  /** Who calls the proxy, which decides what a call of its workflow method does. */
  enum Mode {
    /** Application code: runs (or attaches to) the run and waits for its outcome, through sleeps. */
    CALLER,
    /** An engine's worker: runs the run until it ends or suspends, and never waits for another engine. */
    WORKER,
    /** {@code start(...)}: only records which workflow method is called with which arguments. */
    CAPTURE,
    /**
     * {@code Durable.child(...)} in a parent's workflow code: starts the child as a run of its own and
     * suspends the parent until it finishes.
     */
    CHILD
  }

  final WorkflowEngineCore core;
  final WorkflowModel model;
  final String workflowId;
  final Mode mode;
  /** In {@link Mode#CAPTURE}: the call made, once made. */
  WorkflowMethodModel capturedMethod;
  Object[] capturedArguments;

  ProxyBinding(WorkflowEngineCore core, WorkflowModel model, String workflowId, Mode mode) {
    this.core = core;
    this.model = model;
    this.workflowId = workflowId;
    this.mode = mode;
  }

  /** Records the call {@code start(...)} asked for, and returns a stand-in result. */
  Object capture(Method method, Object[] args) {
    WorkflowMethodModel workflowMethod = model.workflowMethod(WorkflowModel.signature(method));
    if (workflowMethod == null) {
      throw new IllegalArgumentException("start(" + model.type().getSimpleName() + ".class, \"" + workflowId + "\", call):"
          + " the call invoked " + method.getName() + "(), which is not a @WorkflowMethod. A run starts with its workflow"
          + " method. Fix: call the @WorkflowMethod, for example w -> w." + firstWorkflowMethod() + "(...).");
    }
    if (capturedMethod != null) {
      throw new IllegalArgumentException("start(" + model.type().getSimpleName() + ".class, \"" + workflowId + "\", call):"
          + " the call invoked two workflow methods (" + capturedMethod.method().getName() + " and " + method.getName()
          + "). A run is one call of one workflow method. Fix: call exactly one in the lambda.");
    }
    capturedMethod = workflowMethod;
    capturedArguments = args.clone();
    return defaultValue(method.getReturnType());
  }

  private String firstWorkflowMethod() {
    return model.workflowMethods().isEmpty() ? "run" : model.workflowMethods().get(0).method().getName();
  }

  private static Object defaultValue(Class<?> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == char.class) {
      return '\0';
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == float.class) {
      return 0.0f;
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    if (type == short.class) {
      return (short) 0;
    }
    return 0;
  }
}
