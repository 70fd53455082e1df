package dev.durable.sample.onboarding;

import dev.durable.Durable;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Employee onboarding: create the HR record, then provision the laptop and the accounts in parallel,
 * then send the welcome email, and a reminder the day before the start date (a durable sleep: the
 * run waits without a thread, and survives restarts while it waits). Plain Java; the engine makes it
 * survive a crash at any point.
 */
@DurableWorkflow(name = "onboarding")
public class OnboardingWorkflow implements OnboardingSteps {
  private final OnboardingServices services;

  public OnboardingWorkflow(OnboardingServices services) {
    this.services = services;
  }

  @WorkflowMethod
  public OnboardingResult onboard(NewHire hire, long reminderDelayMillis) {
    EmployeeRecord employee = createRecord(hire);
    CompletableFuture<Laptop> laptop = Durable.async(() -> provisionLaptop(employee));
    CompletableFuture<AccessGrant> access = Durable.async(() -> provisionAccess(employee));
    Instant welcomedAt = Durable.now();
    String messageId = sendWelcomeEmail(employee, laptop.join(), access.join(), welcomedAt);
    Durable.sleep(Duration.ofMillis(reminderDelayMillis));
    String reminderId = sendReminder(employee);
    return new OnboardingResult(employee.employeeId(), employee.hrReference(), laptop.join().serialNumber(),
        access.join().login(), access.join().systems(), messageId, welcomedAt, reminderId);
  }

  @Override
  public EmployeeRecord createRecord(NewHire hire) {
    return services.hr().createRecord(hire);
  }

  @Override
  public Laptop provisionLaptop(EmployeeRecord employee) {
    return services.it().provisionLaptop(employee);
  }

  @Override
  public AccessGrant provisionAccess(EmployeeRecord employee) {
    return services.it().provisionAccess(employee);
  }

  @Override
  public String sendReminder(EmployeeRecord employee) {
    return services.mail().sendReminder(employee);
  }

  @Override
  public String sendWelcomeEmail(EmployeeRecord employee, Laptop laptop, AccessGrant access, Instant startDate) {
    return services.mail().sendWelcome(employee, laptop, access, startDate);
  }
}
