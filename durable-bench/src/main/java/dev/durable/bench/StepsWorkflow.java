package dev.durable.bench;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;

/**
 * The workflow every row measures: {@code steps} sequential calls of one trivial step, so that what
 * is timed is the engine and the store, not the step body. Public and non-final because the engine
 * subclasses it; the {@link Probe} lets a benchmark timestamp, crash or inspect the run at a step.
 */
@DurableWorkflow(name = "bench.Steps")
public class StepsWorkflow {
  private final Probe probe;

  public StepsWorkflow(Probe probe) {
    this.probe = probe;
  }

  @WorkflowMethod
  public long run(int steps) {
    long sum = 0;
    for (int i = 0; i < steps; i++) {
      sum += step(i);
    }
    return sum;
  }

  /** Returns its argument, stored as the JSON number it is. */
  @DurableStep
  protected int step(int i) {
    probe.atStep(i);
    return i;
  }
}
