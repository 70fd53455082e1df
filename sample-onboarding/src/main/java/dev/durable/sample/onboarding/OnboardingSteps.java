package dev.durable.sample.onboarding;

import dev.durable.annotations.DurableStep;
import java.time.Instant;

/**
 * The durable contract of onboarding: each method is one side effect whose result is recorded, so
 * that after a crash it is replayed instead of performed again.
 */
public interface OnboardingSteps {
  @DurableStep
  EmployeeRecord createRecord(NewHire hire);

  @DurableStep(maxAttempts = 3, initialBackoffMillis = 200)
  Laptop provisionLaptop(EmployeeRecord employee);

  @DurableStep(maxAttempts = 3, initialBackoffMillis = 200)
  AccessGrant provisionAccess(EmployeeRecord employee);

  @DurableStep
  String sendWelcomeEmail(EmployeeRecord employee, Laptop laptop, AccessGrant access, Instant startDate);

  @DurableStep
  String sendReminder(EmployeeRecord employee);
}
