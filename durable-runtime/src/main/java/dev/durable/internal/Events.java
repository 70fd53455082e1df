package dev.durable.internal;

import dev.durable.DurableListener;
import dev.durable.DurableWarning;
import dev.durable.StepEvent;
import dev.durable.StepStart;
import dev.durable.WorkflowEvent;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers engine events to the listeners configured on the builder. Step and workflow events let a
 * listener's exception propagate to the workflow, as {@link DurableListener} documents; warnings
 * never do, since they come from recovery and the worker too, which a broken listener must not stop.
 */
final class Events {
  private static final Logger log = LoggerFactory.getLogger(Events.class);

  private final List<DurableListener> listeners;

  Events(List<DurableListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  void stepStart(RunContext run, String position, String name, int attempt) {
    if (listeners.isEmpty()) {
      return;
    }
    StepStart start = new StepStart(run.workflowId(), run.model().name(), position, name, attempt);
    for (DurableListener l : listeners) {
      l.onStepStart(start);
    }
  }

  void step(RunContext run, String position, String name, StepEvent.Outcome outcome, int attempt, Duration elapsed) {
    if (listeners.isEmpty()) {
      return;
    }
    StepEvent event = new StepEvent(run.workflowId(), run.model().name(), position, name, outcome, attempt, elapsed);
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

  /**
   * Logs {@code warning} at WARN on {@code origin} (the logger of the component that found it, so that
   * logging configuration by class keeps working) and hands it to every listener.
   */
  void warning(Logger origin, DurableWarning warning) {
    origin.warn(warning.message());
    for (DurableListener l : listeners) {
      try {
        l.onWarning(warning);
      } catch (RuntimeException e) {
        log.warn("DurableListener {} threw from onWarning({}); the warning is logged above and the exception ignored.",
            l.getClass().getName(), warning.kind(), e);
      }
    }
  }
}
