package dev.durable.internal;

import dev.durable.DurableException;

/**
 * Thrown into a run at its next durable call when its engine closes: the run is given back
 * PENDING, with its history as it is, and another engine (or this one, reopened) resumes it at once.
 */
final class EngineClosing extends DurableException {
  private static final long serialVersionUID = 1L;

  EngineClosing(String workflowId, String database) {
    super("The engine running workflow '" + workflowId + "' on " + database + " was closed while the workflow ran; it"
        + " stopped at its next step, is recorded PENDING, and any open engine on that database resumes it. Fix: close"
        + " engines only once their callers have returned, or let another engine carry the run on.");
  }
}
