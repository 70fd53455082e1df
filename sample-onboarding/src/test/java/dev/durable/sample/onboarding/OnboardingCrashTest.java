package dev.durable.sample.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the sample's main class in real child JVMs that halt themselves, as the README shows. */
class OnboardingCrashTest {
  @TempDir Path dir;

  private record Run(int exitCode, String output) {}

  /** The app's command line, with short waits unless {@code options} set them. */
  private List<String> command(String... options) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OnboardingApp.class.getName(),
        "--db", dir.resolve("onboarding.db").toString(),
        "--effects", dir.resolve("effects.log").toString(),
        "--step-delay-ms", "30"));
    for (String[] option : new String[][] {{"--reminder-delay-ms", "100"}, {"--shipping-ms", "50"},
        {"--escalate-after-ms", "60000"}}) {
      if (!List.of(options).contains(option[0])) {
        command.addAll(List.of(option));
      }
    }
    command.addAll(List.of(options));
    return command;
  }

  private Run run(String... options) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(options)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    return new Run(p.exitValue(), output);
  }

  /** The manager's approval, sent from a process of its own before the onboarding runs: it waits for the await. */
  private void approveFirst(String... options) throws IOException, InterruptedException {
    List<String> approve = new ArrayList<>(List.of(options));
    approve.add("--approve=maria");
    Run approved = run(approve.toArray(String[]::new));
    assertThat(approved.exitCode()).as(approved.output()).isZero();
    assertThat(approved.output()).contains("Approval by maria stored for onboarding-E1042");
  }

  /** A run of the app in the background, its output read line by line by a thread of its own. */
  private static final class Background implements AutoCloseable {
    private final Process process;
    private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    private final StringBuffer seen = new StringBuffer();
    private final Thread reader;
    private volatile IOException readFailure;

    Background(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (java.io.BufferedReader in = new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            seen.append(line).append('\n');
            lines.add(line);
          }
        } catch (IOException e) {
          // The stream closes under the reader when the test kills the app; kept for messages.
          readFailure = e;
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    Process process() {
      return process;
    }

    String seen() {
      return seen.toString();
    }

    /** The next line starting with {@code prefix}, within 60 s. */
    String awaitLine(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("the app printed no line starting with '" + prefix + "' within 60 s (alive: "
              + process.isAlive() + (readFailure == null ? "" : ", reading failed: " + readFailure) + "); its output:\n"
              + seen);
        }
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    Run finish() throws InterruptedException {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the app finished; its output:%n%s", seen).isTrue();
      reader.join(10_000);
      return new Run(process.exitValue(), seen.toString());
    }

    /** Kills the app (SIGKILL) and waits until it is gone. */
    void kill() {
      process.destroyForcibly();
      try {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the app died").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      kill();
    }
  }

  private Background background(String... options) throws IOException {
    return new Background(new ProcessBuilder(command(options)).redirectErrorStream(true).start());
  }

  /** How often {@code step} really ran, for the onboarding and its laptop child. */
  private long effects(String step) throws IOException {
    Path ledger = dir.resolve("effects.log");
    if (!Files.exists(ledger)) {
      return 0;
    }
    return Files.readAllLines(ledger).stream()
        .filter(l -> l.equals("onboarding-E1042 " + step) || l.equals("onboarding-E1042-laptop " + step)).count();
  }

  @Test
  void crashInsideStepTwoThenRerunRunsOnlyWhatWasNotCommitted() throws Exception {
    approveFirst();
    Run crashed = run("--crash-at=2");
    assertThat(crashed.exitCode()).isNotZero();
    assertThat(crashed.output()).contains("step 1 createRecord", "executed", "Simulated crash during step 2");

    Run resumed = run();
    assertThat(resumed.exitCode()).isZero();
    assertThat(resumed.output())
        .contains("step 1 createRecord        replayed from the store")
        .contains("step 2 provisionLaptop     re-executed after an interruption (attempt 2")
        .contains("step 4 sendWelcomeEmail    executed")
        .contains("Onboarding complete");
    assertThat(effects("createRecord")).isEqualTo(1);
    assertThat(effects("provisionLaptop")).isEqualTo(2);
    assertThat(effects("sendWelcomeEmail")).isEqualTo(1);

    long before = Files.readAllLines(dir.resolve("effects.log")).size();
    Run again = run();
    assertThat(again.exitCode()).isZero();
    assertThat(again.output()).contains("already completed");
    assertThat(Files.readAllLines(dir.resolve("effects.log"))).hasSize((int) before);
    assertThat(again.output().lines().filter(l -> l.startsWith("Onboarding complete")).findFirst())
        .isEqualTo(resumed.output().lines().filter(l -> l.startsWith("Onboarding complete")).findFirst());
  }

  @ParameterizedTest(name = "crash right after step {0} is committed")
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void crashAfterCommitNeverRunsTheCommittedStepAgain(int step) throws Exception {
    approveFirst();
    Run crashed = run("--crash-after=" + step);
    assertThat(crashed.exitCode()).isNotZero();
    Run resumed = run();
    assertThat(resumed.exitCode()).isZero();
    assertThat(resumed.output()).contains("step " + step + " " + CrashPlan.STEPS.get(step - 1)).contains("Onboarding complete");
    assertThat(effects(CrashPlan.STEPS.get(step - 1))).isEqualTo(1);
    assertThat(effects("createRecord")).isEqualTo(1);
    assertThat(effects("sendWelcomeEmail")).isEqualTo(1);
  }

  @Test
  void theRunRecordsTheFingerprintFromTheProcessorsGeneratedDescriptor() throws Exception {
    approveFirst();
    assertThat(run().exitCode()).isZero();
    try (DurableEngine engine = DurableEngine.open(dir.resolve("onboarding.db"))) {
      WorkflowInfo info = engine.inspect("onboarding-E1042").orElseThrow();
      assertThat(info.workflowName()).isEqualTo("onboarding");
      assertThat(info.fingerprint()).matches("[0-9a-f]{32}/[0-9a-f]{32}");
      assertThat(info.fingerprint()).isEqualTo(new OnboardingWorkflow_DurableDescriptor().fingerprint());
    }
  }

  @Test
  void resetSaysWhatItRemovesAndForgetsTheRun() throws Exception {
    approveFirst();
    assertThat(run().exitCode()).isZero();
    Run reset = run("--reset");
    assertThat(reset.exitCode()).isZero();
    assertThat(reset.output()).contains("Removing workflow onboarding-E1042 (COMPLETED, 10 recorded steps)", "createRecord",
        "and its child workflow onboarding-E1042-laptop (COMPLETED)");
    approveFirst();
    Run fresh = run();
    assertThat(fresh.output()).contains("Started a new run.");
    assertThat(effects("createRecord")).isEqualTo(1);
  }

  @Test
  void killedWhileItSleepsBeforeTheReminder_theRerunSendsItOnce_atItsTime() throws Exception {
    approveFirst("--reminder-delay-ms", "3000");
    try (Background sleeper = background("--reminder-delay-ms", "3000")) {
      sleeper.awaitLine("Sleeping until");
      sleeper.kill();
      assertThat(sleeper.seen()).doesNotContain("Exception");
    }
    assertThat(effects("sendReminder")).isZero();

    Run resumed = run("--reminder-delay-ms", "3000");
    assertThat(resumed.exitCode()).as(resumed.output()).isZero();
    assertThat(resumed.output()).contains("step 5 sendReminder").contains("Onboarding complete");
    for (String step : CrashPlan.STEPS) {
      assertThat(effects(step)).as(step).isEqualTo(1);
    }
  }

  @Test
  void cancelledWhileItWaitsForTheApproval_theOnboardingReturnsTheLaptop_andRevokesTheAccess() throws Exception {
    Run cancelled;
    try (Background waiting = background()) {
      waiting.awaitLine("Waiting for the manager's approval");
      try (DurableEngine client = DurableEngine.builder(dir.resolve("onboarding.db")).clientOnly().build()) {
        assertThat(client.cancel("onboarding-E1042")).isTrue();
      }
      cancelled = waiting.finish();
    }
    assertThat(cancelled.exitCode()).as(cancelled.output()).isEqualTo(4);
    assertThat(Files.readAllLines(dir.resolve("effects.log"))).as("undone last first")
        .containsSubsequence("onboarding-E1042 returnLaptop", "onboarding-E1042 revokeAccess");
    assertThat(effects("sendWelcomeEmail")).isZero();
  }

  @Test
  void theApprovalSentFromAnotherProcess_wakesTheWaitingRun_whichFinishes() throws Exception {
    Run finished;
    try (Background waiting = background()) {
      waiting.awaitLine("Waiting for the manager's approval");
      approveFirst();
      finished = waiting.finish();
    }
    assertThat(finished.exitCode()).as(finished.output()).isZero();
    assertThat(finished.output()).contains("Onboarding complete").contains("approvedBy=maria");
    assertThat(effects("escalateApproval")).isZero();
    for (String step : CrashPlan.STEPS) {
      assertThat(effects(step)).as(step).isEqualTo(1);
    }
  }

  @Test
  void noApprovalInTime_escalatesToHr_andAKilledRunStillFinishesOnTheLaterApproval() throws Exception {
    try (Background waiting = background("--escalate-after-ms", "300")) {
      waiting.awaitLine("Waiting for the manager's approval");
      waiting.awaitLine("  escalateApproval");
    }

    approveFirst("--escalate-after-ms", "300");
    Run resumed = run("--escalate-after-ms", "300");

    assertThat(resumed.exitCode()).as(resumed.output()).isZero();
    assertThat(resumed.output()).contains("escalateApproval", "replayed from the store").contains("approvedBy=maria");
    assertThat(effects("escalateApproval")).isEqualTo(1);
    assertThat(effects("sendWelcomeEmail")).isEqualTo(1);
  }

  @Test
  void cancelledWhileTheLaptopShips_theLaptopChildReturnsIt_andTheOnboardingRevokesTheAccess() throws Exception {
    Run cancelled;
    try (Background waiting = background("--shipping-ms", "600000")) {
      waiting.awaitLine("Waiting for the laptop");
      try (DurableEngine client = DurableEngine.builder(dir.resolve("onboarding.db")).clientOnly().build()) {
        assertThat(client.cancel("onboarding-E1042")).isTrue();
      }
      cancelled = waiting.finish();
    }
    assertThat(cancelled.exitCode()).as(cancelled.output()).isEqualTo(4);
    assertThat(cancelled.output()).contains("was cancelled");
    assertThat(effects("provisionLaptop")).isEqualTo(1);
    assertThat(effects("returnLaptop")).isEqualTo(1);
    assertThat(effects("provisionAccess")).isEqualTo(1);
    assertThat(effects("revokeAccess")).isEqualTo(1);
    assertThat(effects("sendWelcomeEmail")).isZero();
    assertThat(Files.readAllLines(dir.resolve("effects.log"))).as("the child returned it, not the onboarding")
        .contains("onboarding-E1042-laptop returnLaptop");
    try (DurableEngine client = DurableEngine.builder(dir.resolve("onboarding.db")).clientOnly().build()) {
      assertThat(client.inspect("onboarding-E1042-laptop").orElseThrow().status()).isEqualTo(WorkflowStatus.CANCELLED);
      assertThat(client.inspect("onboarding-E1042").orElseThrow().status()).isEqualTo(WorkflowStatus.CANCELLED);
    }
  }
}
