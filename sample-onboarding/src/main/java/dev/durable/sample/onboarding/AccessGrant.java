package dev.durable.sample.onboarding;

import java.util.List;

/** The accounts opened by step 3. */
public record AccessGrant(String login, List<String> systems) {}
