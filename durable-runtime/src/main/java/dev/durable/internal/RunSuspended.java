package dev.durable.internal;

/**
 * Thrown through workflow code when its run suspends on a durable timer, so that the code stops
 * where it is and its thread is given back. An {@code Error}, so that {@code catch (Exception e)}
 * in workflow code lets it through; the run ignores whatever the code does with it anyway (see
 * {@code RunContext#stopWith}). Never reaches application code: the engine turns it into a WAITING run.
 */
final class RunSuspended extends Error {
  private static final long serialVersionUID = 1L;

  RunSuspended(String workflowId) {
    super("workflow '" + workflowId + "' suspended on a durable timer", null, false, false);
  }
}
