package dev.durable.sample.onboarding;

import dev.durable.Durable;
import java.time.Instant;
import java.util.List;

/**
 * Fake HR, IT and mail systems. Each call takes {@code delayMillis} (so a person can kill the run by
 * hand), appends its side effect to the effects ledger, and then gives the crash plan its chance to
 * halt the JVM before the engine commits the result. Results are derived from the input only, so
 * a re-executed step returns the same values, as an idempotent real service would.
 */
public final class FakeServices implements OnboardingServices {
  private final EffectsLedger ledger;
  private final CrashPlan crashPlan;
  private final long delayMillis;

  public FakeServices(EffectsLedger ledger, CrashPlan crashPlan, long delayMillis) {
    this.ledger = ledger;
    this.crashPlan = crashPlan;
    this.delayMillis = delayMillis;
  }

  private void perform(String stepName) {
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(stepName + " was interrupted", e);
    }
    ledger.append(Durable.workflowId(), stepName);
    crashPlan.duringStep(stepName);
  }

  @Override
  public Hr hr() {
    return hire -> {
      perform("createRecord");
      return new EmployeeRecord(hire.employeeId(), hire.name(), hire.email(), hire.role(), "HR-" + hire.employeeId());
    };
  }

  @Override
  public It it() {
    return new It() {
      @Override
      public Laptop provisionLaptop(EmployeeRecord employee) {
        perform("provisionLaptop");
        return new Laptop("LT-" + Integer.toHexString(employee.employeeId().hashCode()).toUpperCase(), "ThinkPad T14");
      }

      @Override
      public AccessGrant provisionAccess(EmployeeRecord employee) {
        perform("provisionAccess");
        String login = employee.name().toLowerCase().replaceAll("[^a-z]+", ".");
        return new AccessGrant(login, List.of("email", "chat", "wiki", employee.role().toLowerCase() + "-tools"));
      }

      @Override
      public String returnLaptop(Laptop laptop) {
        perform("returnLaptop");
        return "RETURNED-" + laptop.serialNumber();
      }

      @Override
      public String revokeAccess(AccessGrant access) {
        perform("revokeAccess");
        return "REVOKED-" + access.login();
      }
    };
  }

  @Override
  public Mail mail() {
    return new Mail() {
      @Override
      public String sendWelcome(EmployeeRecord employee, Laptop laptop, AccessGrant access, Instant startDate) {
        perform("sendWelcomeEmail");
        return "MSG-" + employee.employeeId() + "-" + startDate.getEpochSecond();
      }

      @Override
      public String sendReminder(EmployeeRecord employee) {
        perform("sendReminder");
        return "REMINDER-" + employee.employeeId();
      }

      @Override
      public String escalate(EmployeeRecord employee) {
        perform("escalateApproval");
        return "ESCALATION-" + employee.employeeId();
      }
    };
  }
}
