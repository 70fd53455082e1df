package dev.durable.sample.onboarding;

/** The laptop assigned by step 2. */
public record Laptop(String serialNumber, String model) {}
