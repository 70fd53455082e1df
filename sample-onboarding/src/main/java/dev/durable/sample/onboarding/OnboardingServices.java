package dev.durable.sample.onboarding;

import java.time.Instant;

/**
 * The external systems onboarding talks to. In this sample they are fakes ({@link FakeServices})
 * that take a configurable time and write every side effect they perform to an effects ledger.
 */
public interface OnboardingServices {
  /** The HR system. */
  interface Hr {
    EmployeeRecord createRecord(NewHire hire);
  }

  /** The IT service desk. */
  interface It {
    Laptop provisionLaptop(EmployeeRecord employee);

    AccessGrant provisionAccess(EmployeeRecord employee);

    /** Takes back a laptop that was provisioned for an onboarding that was cancelled. */
    String returnLaptop(Laptop laptop);

    /** Withdraws the accounts of an onboarding that was cancelled. */
    String revokeAccess(AccessGrant access);
  }

  /** The mail server. */
  interface Mail {
    String sendWelcome(EmployeeRecord employee, Laptop laptop, AccessGrant access, Instant startDate);

    /** The reminder sent the day before the new hire starts. */
    String sendReminder(EmployeeRecord employee);

    /** Tells HR that a manager has not approved an onboarding in time. */
    String escalate(EmployeeRecord employee);
  }

  Hr hr();

  It it();

  Mail mail();
}
