package dev.durable.sample.onboarding;

import dev.durable.annotations.DurableStep;
import java.time.Instant;

/**
 * The durable contract of onboarding: each method is one side effect whose result is recorded, so
 * that after a crash it is replayed instead of performed again. (The laptop's steps are declared on
 * {@link LaptopWorkflow} itself: both ways work.)
 */
public interface OnboardingSteps {
  @DurableStep
  EmployeeRecord createRecord(NewHire hire);

  @DurableStep(maxAttempts = 3, initialBackoffMillis = 200)
  AccessGrant provisionAccess(EmployeeRecord employee);

  /** Tells HR that the manager has not approved in time. */
  @DurableStep
  String escalateApproval(EmployeeRecord employee);

  @DurableStep
  String sendWelcomeEmail(EmployeeRecord employee, Laptop laptop, AccessGrant access, Instant startDate);

  @DurableStep
  String sendReminder(EmployeeRecord employee);

  /** Compensation: takes back the laptop of an onboarding that was cancelled after it was delivered. */
  @DurableStep(maxAttempts = 5, initialBackoffMillis = 200)
  String returnLaptop(Laptop laptop);

  /** Compensation: withdraws the accounts of an onboarding that was cancelled. */
  @DurableStep(maxAttempts = 5, initialBackoffMillis = 200)
  String revokeAccess(AccessGrant access);
}
