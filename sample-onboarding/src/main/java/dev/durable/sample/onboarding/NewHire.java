package dev.durable.sample.onboarding;

/** The person to onboard: the workflow's input. */
public record NewHire(String employeeId, String name, String email, String role) {}
