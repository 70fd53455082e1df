package dev.durable.sample.onboarding;

/** The HR record created by step 1. */
public record EmployeeRecord(String employeeId, String name, String email, String role, String hrReference) {}
