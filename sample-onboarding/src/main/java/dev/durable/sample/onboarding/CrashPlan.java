package dev.durable.sample.onboarding;

import java.util.List;

/**
 * Where the sample simulates a crash: {@code --crash-at=N} halts the JVM inside step N, after its
 * side effect and before its result is committed; {@code --crash-after=N} halts right after step N's
 * result is committed. {@link Runtime#halt} is as abrupt as {@code kill -9}: no shutdown hooks, no
 * flushing, no finally blocks.
 */
public final class CrashPlan {
  /** Step numbers, as the README and the command line use them. */
  public static final List<String> STEPS = List.of("createRecord", "provisionLaptop", "provisionAccess", "sendWelcomeEmail", "sendReminder");

  static final int EXIT_CODE = 3;

  private final int crashAt;
  private final int crashAfter;

  public CrashPlan(int crashAt, int crashAfter) {
    this.crashAt = crashAt;
    this.crashAfter = crashAfter;
  }

  public static int number(String stepName) {
    return STEPS.indexOf(stepName) + 1;
  }

  void duringStep(String stepName) {
    if (crashAt > 0 && number(stepName) == crashAt) {
      halt("during step " + crashAt + " (" + stepName + "): its side effect happened, its result is not committed");
    }
  }

  void afterCommit(String stepName) {
    if (crashAfter > 0 && number(stepName) == crashAfter) {
      halt("right after step " + crashAfter + " (" + stepName + ") was committed");
    }
  }

  private static void halt(String where) {
    System.out.println();
    System.out.println("*** Simulated crash " + where + ". Halting the JVM now (like kill -9).");
    System.out.println("*** Run the same command without the crash option to resume.");
    System.out.flush();
    Runtime.getRuntime().halt(EXIT_CODE);
  }
}
