package dev.durable.internal;

/**
 * Implemented by every generated workflow proxy, to carry the binding to its engine and workflow id.
 * Public only because the proxy is defined in the workflow's own package.
 */
public interface DurableProxy {
  ProxyBinding durable$binding();

  void durable$binding(ProxyBinding binding);
}
