package dev.durable.gc;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;

/** Loaded by a throwaway class loader in {@code ProxyClassLoaderGcTest}; never by the test's own loader. */
@DurableWorkflow
public class Throwaway {
  @WorkflowMethod
  public String run() {
    return step() + "!";
  }

  @DurableStep
  public String step() {
    return "thrown away";
  }
}
