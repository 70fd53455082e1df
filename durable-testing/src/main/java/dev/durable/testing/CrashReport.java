package dev.durable.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link CrashTester#crashAtEveryStep()} found: the uninterrupted run, and one {@link
 * CrashOutcome} per crash point. {@link #assertEveryCrashRecovers()} and {@link
 * #assertOnlyIdempotentStepsRepeat} turn it into test failures that name the point and the step and
 * show both histories; {@link #toString()} prints it as a table.
 */
public final class CrashReport {
  private final String uninterruptedResult;
  private final Map<String, Integer> uninterruptedExecutions;
  private final List<String> uninterruptedHistory;
  private final List<CrashOutcome> outcomes;

  CrashReport(String uninterruptedResult, Map<String, Integer> uninterruptedExecutions,
      List<String> uninterruptedHistory, List<CrashOutcome> outcomes) {
    this.uninterruptedResult = uninterruptedResult;
    this.uninterruptedExecutions = Map.copyOf(uninterruptedExecutions);
    this.uninterruptedHistory = List.copyOf(uninterruptedHistory);
    this.outcomes = List.copyOf(outcomes);
  }

  /** The result of the run nobody killed, as JSON. */
  public String uninterruptedResult() {
    return uninterruptedResult;
  }

  /** How many times each step body ran in the run nobody killed. */
  public Map<String, Integer> uninterruptedExecutions() {
    return uninterruptedExecutions;
  }

  /** One outcome per crash point, in the order the uninterrupted run passed them, before then after. */
  public List<CrashOutcome> outcomes() {
    return outcomes;
  }

  /**
   * The steps that ran more often in a killed-and-resumed run than in the uninterrupted one, by crash
   * point: a kill after a body ran and before its outcome was committed runs it again on resume, so
   * each of these must be idempotent.
   */
  public Map<CrashPoint, Map<String, Integer>> repeatedSteps() {
    Map<CrashPoint, Map<String, Integer>> repeated = new LinkedHashMap<>();
    for (CrashOutcome o : outcomes) {
      Map<String, Integer> more = new LinkedHashMap<>();
      o.executions().forEach((step, n) -> {
        if (n > uninterruptedExecutions.getOrDefault(step, 0)) {
          more.put(step, n);
        }
      });
      if (!more.isEmpty()) {
        repeated.put(o.point(), more);
      }
    }
    return repeated;
  }

  /**
   * Fails unless every killed run, resumed, ended with the uninterrupted run's result.
   *
   * @throws AssertionError naming each crash point whose run ended otherwise, with both histories
   */
  public CrashReport assertEveryCrashRecovers() {
    List<String> failures = new ArrayList<>();
    for (CrashOutcome o : outcomes) {
      if (o.reached() && !o.matches()) {
        failures.add("Killed " + o.point() + ", the resumed run returned " + o.result() + " instead of "
            + uninterruptedResult + ". Step bodies run: " + o.executions() + " (uninterrupted: "
            + uninterruptedExecutions + ").\n    uninterrupted history:\n" + indent(uninterruptedHistory)
            + "\n    resumed history:\n" + indent(o.history()));
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " of " + outcomes.size() + " crash points did not recover the"
          + " uninterrupted result. A step whose repeated run changes what the workflow returns is not idempotent:"
          + " give its side effect an idempotency key (Durable.workflowId() and the step's inputs), or make it check"
          + " before it acts.\n" + String.join("\n", failures));
    }
    return this;
  }

  /**
   * Fails if a step not named here ran more often in a killed run than in the uninterrupted one. Name
   * the steps whose side effects are idempotent (a repeated call does no harm); every other step's
   * second run is a double charge, a second email, a duplicated record.
   */
  public CrashReport assertOnlyIdempotentStepsRepeat(String... idempotentSteps) {
    Set<String> allowed = Set.of(idempotentSteps);
    List<String> failures = new ArrayList<>();
    repeatedSteps().forEach((point, steps) -> steps.forEach((step, n) -> {
      if (!allowed.contains(step)) {
        failures.add("Killed " + point + ": step '" + step + "' ran " + n + " times (uninterrupted: "
            + uninterruptedExecutions.getOrDefault(step, 0) + ").");
      }
    }));
    if (!failures.isEmpty()) {
      throw new AssertionError("Steps ran again after a crash, and are not declared idempotent. A kill after a step's"
          + " body ran and before its outcome was committed runs it again on resume. Fix: make each idempotent (an"
          + " idempotency key for the service it calls) and name it in assertOnlyIdempotentStepsRepeat.\n"
          + String.join("\n", failures));
    }
    return this;
  }

  private static String indent(List<String> lines) {
    return lines.isEmpty() ? "      (empty)" : "      " + String.join("\n      ", lines);
  }

  /** The report as a table: one line per crash point. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Uninterrupted: " + uninterruptedResult + ", step bodies run "
        + uninterruptedExecutions + "\n");
    for (CrashOutcome o : outcomes) {
      out.append(String.format("  %-60s %s%n", o.point(), !o.reached() ? "not reached (another path)"
          : (o.matches() ? "recovered" : "DIFFERENT RESULT " + o.result()) + ", step bodies run " + o.executions()));
    }
    return out.toString();
  }
}
