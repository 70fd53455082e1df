package dev.durable.internal;

import dev.durable.DurableListener;
import dev.durable.StepEvent;
import dev.durable.WorkflowEvent;
import java.time.Duration;
import java.util.List;

/** Delivers engine events to the listeners configured on the builder. */
final class Events {
  private final List<DurableListener> listeners;

  Events(List<DurableListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  void step(RunContext run, String position, String name, StepEvent.Outcome outcome, int attempt, Duration elapsed) {
    if (listeners.isEmpty()) {
      return;
    }
    StepEvent event = new StepEvent(run.workflowId(), position, name, outcome, attempt, elapsed);
    for (DurableListener l : listeners) {
      l.onStep(event);
    }
  }

  void workflow(String workflowId, String workflowName, WorkflowEvent.Kind kind) {
    if (listeners.isEmpty()) {
      return;
    }
    WorkflowEvent event = new WorkflowEvent(workflowId, workflowName, kind);
    for (DurableListener l : listeners) {
      l.onWorkflow(event);
    }
  }
}
