package dev.durable.sample.onboarding;

import dev.durable.Compensations;
import dev.durable.Durable;
import dev.durable.WorkflowCancelledException;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Employee onboarding: create the HR record; then, in parallel, the laptop (a child workflow) and
 * the accounts; wait for the manager's approval (an event, escalated to HR if it does not come in
 * time); send the welcome email; and a reminder before the start date (a durable sleep). Waits hold
 * no thread and survive restarts. Cancelled, it undoes what it did: the accounts are revoked, and
 * the laptop child returns the laptop. Plain Java; the engine makes it survive a crash at any point.
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
      CompletableFuture<Laptop> laptop = Durable.async(() -> Durable.child(LaptopWorkflow.class,
          Durable.workflowId() + "-laptop").provision(employee, schedule.shippingMillis()));
      CompletableFuture<AccessGrant> access = Durable.async(() -> provisionAccess(employee));
      AccessGrant granted = access.join();
      undo.add(() -> revokeAccess(granted));

      String approvedBy = awaitApproval(employee, schedule.escalateAfterMillis());
      Instant welcomedAt = Durable.now();
      String messageId = sendWelcomeEmail(employee, laptop.join(), granted, welcomedAt);
      Durable.sleep(Duration.ofMillis(schedule.reminderDelayMillis()));
      String reminderId = sendReminder(employee);
      return new OnboardingResult(employee.employeeId(), employee.hrReference(), laptop.join().serialNumber(),
          granted.login(), granted.systems(), approvedBy, messageId, welcomedAt, reminderId);
    } catch (WorkflowCancelledException cancelled) {
      undo.compensate();
      throw cancelled;
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
  public String revokeAccess(AccessGrant access) {
    return services.it().revokeAccess(access);
  }
}
