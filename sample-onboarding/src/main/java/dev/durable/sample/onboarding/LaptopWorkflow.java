package dev.durable.sample.onboarding;

import dev.durable.Durable;
import dev.durable.WorkflowCancelledException;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;

/**
 * The laptop, as a child workflow of the onboarding: provision it, then wait while the courier
 * delivers it. A workflow of its own (its own id, history and status), started and awaited by the
 * onboarding; cancelled with it. Its own compensation: a laptop already provisioned when the
 * onboarding is cancelled is returned.
 */
@DurableWorkflow(name = "laptop")
public class LaptopWorkflow {
  private final OnboardingServices services;

  public LaptopWorkflow(OnboardingServices services) {
    this.services = services;
  }

  @WorkflowMethod
  public Laptop provision(EmployeeRecord employee, long shippingMillis) {
    Laptop laptop = provisionLaptop(employee);
    try {
      Durable.sleep(Duration.ofMillis(shippingMillis));
      return laptop;
    } catch (WorkflowCancelledException cancelled) {
      returnLaptop(laptop);
      throw cancelled;
    }
  }

  @DurableStep(maxAttempts = 3, initialBackoffMillis = 200)
  public Laptop provisionLaptop(EmployeeRecord employee) {
    return services.it().provisionLaptop(employee);
  }

  @DurableStep(maxAttempts = 5, initialBackoffMillis = 200)
  public String returnLaptop(Laptop laptop) {
    return services.it().returnLaptop(laptop);
  }
}
