package dev.durable.sample.onboarding;

import dev.durable.Compensations;
import dev.durable.Durable;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Employee onboarding: create the HR record; then, in parallel, the laptop (a child workflow, which
 * waits for the courier) and the accounts; then wait for the manager's approval (an event, escalated
 * to HR if it does not come in time); send the welcome email; and a reminder before the start date
 * (a durable sleep). Waits hold no thread and survive restarts. Cancelled or failed, it undoes what
 * it did, last first: the laptop goes back (the laptop child does that itself if it is cancelled
 * while the laptop is on its way) and the accounts are revoked. Plain Java; the engine makes it
 * survive a crash at any point.
 */
@DurableWorkflow(name = "onboarding")
public class OnboardingWorkflow implements OnboardingSteps {
  /** The name of the manager's approval event. */
  public static final String APPROVAL = "approval";

  private final OnboardingServices services;

  public OnboardingWorkflow(OnboardingServices services) {
    this.services = services;
  }

  @WorkflowMethod
  public OnboardingResult onboard(NewHire hire, Schedule schedule) {
    EmployeeRecord employee = createRecord(hire);
    Compensations undo = new Compensations();
    try {
      CompletableFuture<Laptop> laptopChild = Durable.async(() -> Durable.child(LaptopWorkflow.class,
          Durable.workflowId() + "-laptop").provision(employee, schedule.shippingMillis()));
      CompletableFuture<AccessGrant> accessBranch = Durable.async(() -> provisionAccess(employee));
      AccessGrant access = accessBranch.join();
      undo.add(() -> revokeAccess(access));
      Laptop laptop = laptopChild.join();
      undo.add(() -> returnLaptop(laptop));

      String approvedBy = awaitApproval(employee, schedule.escalateAfterMillis());
      Instant welcomedAt = Durable.now();
      String messageId = sendWelcomeEmail(employee, laptop, access, welcomedAt);
      Durable.sleep(Duration.ofMillis(schedule.reminderDelayMillis()));
      String reminderId = sendReminder(employee);
      return new OnboardingResult(employee.employeeId(), employee.hrReference(), laptop.serialNumber(),
          access.login(), access.systems(), approvedBy, messageId, welcomedAt, reminderId);
    } catch (RuntimeException e) {
      // Cancelled (WorkflowCancelledException, or wrapped in a CompletionException by a join) or failed:
      // undo what was done, last first. Each compensation is a durable step.
      undo.compensate();
      throw e;
    }
  }

  /** The manager's approval; if it has not come within the escalation time, HR is told, and it waits on. */
  private String awaitApproval(EmployeeRecord employee, long escalateAfterMillis) {
    Optional<ManagerApproval> approval =
        Durable.awaitEvent(APPROVAL, ManagerApproval.class, Duration.ofMillis(escalateAfterMillis));
    if (approval.isPresent()) {
      return approval.get().approver();
    }
    escalateApproval(employee);
    return Durable.awaitEvent(APPROVAL, ManagerApproval.class).approver();
  }

  @Override
  public EmployeeRecord createRecord(NewHire hire) {
    return services.hr().createRecord(hire);
  }

  @Override
  public AccessGrant provisionAccess(EmployeeRecord employee) {
    return services.it().provisionAccess(employee);
  }

  @Override
  public String escalateApproval(EmployeeRecord employee) {
    return services.mail().escalate(employee);
  }

  @Override
  public String sendWelcomeEmail(EmployeeRecord employee, Laptop laptop, AccessGrant access, Instant startDate) {
    return services.mail().sendWelcome(employee, laptop, access, startDate);
  }

  @Override
  public String sendReminder(EmployeeRecord employee) {
    return services.mail().sendReminder(employee);
  }

  @Override
  public String returnLaptop(Laptop laptop) {
    return services.it().returnLaptop(laptop);
  }

  @Override
  public String revokeAccess(AccessGrant access) {
    return services.it().revokeAccess(access);
  }
}
