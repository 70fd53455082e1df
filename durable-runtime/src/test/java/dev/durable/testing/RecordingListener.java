package dev.durable.testing;

import dev.durable.DurableListener;
import dev.durable.StepEvent;
import dev.durable.WorkflowEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the engine reports, for assertions. */
public final class RecordingListener implements DurableListener {
  public final List<StepEvent> steps = new CopyOnWriteArrayList<>();
  public final List<WorkflowEvent> workflows = new CopyOnWriteArrayList<>();

  @Override
  public void onStep(StepEvent event) {
    steps.add(event);
  }

  @Override
  public void onWorkflow(WorkflowEvent event) {
    workflows.add(event);
  }

  public long count(StepEvent.Outcome outcome) {
    return steps.stream().filter(e -> e.outcome() == outcome).count();
  }

  public void clear() {
    steps.clear();
    workflows.clear();
  }
}
