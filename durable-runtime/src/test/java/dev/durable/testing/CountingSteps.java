package dev.durable.testing;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.WorkflowMethod;

/** A workflow of {@code n} trivial steps, for tests that need a real workflow and nothing more. */
@dev.durable.annotations.DurableWorkflow
public class CountingSteps {
  @WorkflowMethod
  public long run(int steps) {
    long sum = 0;
    for (int i = 0; i < steps; i++) {
      sum += step(i);
    }
    return sum;
  }

  @DurableStep
  public long step(int i) {
    return i;
  }
}
