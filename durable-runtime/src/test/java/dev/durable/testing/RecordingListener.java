package dev.durable.testing;

import dev.durable.DurableListener;
import dev.durable.DurableWarning;
import dev.durable.StepEvent;
import dev.durable.StepStart;
import dev.durable.WorkflowEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the engine reports, for assertions. */
public final class RecordingListener implements DurableListener {
  public final List<StepStart> starts = new CopyOnWriteArrayList<>();
  public final List<StepEvent> steps = new CopyOnWriteArrayList<>();
  public final List<WorkflowEvent> workflows = new CopyOnWriteArrayList<>();
  public final List<DurableWarning> warnings = new CopyOnWriteArrayList<>();

  @Override
  public void onStepStart(StepStart start) {
    starts.add(start);
  }

  @Override
  public void onStep(StepEvent event) {
    steps.add(event);
  }

  @Override
  public void onWorkflow(WorkflowEvent event) {
    workflows.add(event);
  }

  @Override
  public void onWarning(DurableWarning warning) {
    warnings.add(warning);
  }

  public long count(StepEvent.Outcome outcome) {
    return steps.stream().filter(e -> e.outcome() == outcome).count();
  }

  public void clear() {
    starts.clear();
    steps.clear();
    workflows.clear();
    warnings.clear();
  }
}
