package dev.durable.internal;

/**
 * What a proxy instance is bound to: the engine that runs it, its workflow model, and its workflow id.
 * Public only because generated proxies in user packages refer to it.
 */
public final class ProxyBinding {
  final WorkflowEngineCore core;
  final WorkflowModel model;
  final String workflowId;

  ProxyBinding(WorkflowEngineCore core, WorkflowModel model, String workflowId) {
    this.core = core;
    this.model = model;
    this.workflowId = workflowId;
  }
}
