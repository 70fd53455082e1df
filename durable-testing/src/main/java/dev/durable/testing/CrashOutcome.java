package dev.durable.testing;

import java.util.List;
import java.util.Map;

/**
 * What happened to one run {@link CrashTester} killed at {@code point} and resumed on a fresh engine.
 *
 * @param point where the run was killed
 * @param reached false if this run took another path and never came to the point (nothing was killed)
 * @param result the resumed run's result as JSON, or {@code FAILED: ...} / {@code CANCELLED}
 * @param matches whether the result equals the uninterrupted run's
 * @param executions how many times each step body ran, by step name, before and after the crash
 * @param history the resumed run's history, one line per entry
 */
public record CrashOutcome(
    CrashPoint point, boolean reached, String result, boolean matches, Map<String, Integer> executions,
    List<String> history) {}
