package dev.durable.sample.onboarding;

/** The event a manager sends to let an onboarding go on: who approved it. */
public record ManagerApproval(String approver) {}
