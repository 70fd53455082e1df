package dev.durable.sample.onboarding;

import java.time.Instant;
import java.util.List;

/** What a completed onboarding reports. */
public record OnboardingResult(
    String employeeId, String hrReference, String laptopSerial, String login, List<String> systems,
    String approvedBy, String welcomeMessageId, Instant welcomedAt, String reminderMessageId) {}
