package dev.durable.sample.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.WorkflowInfo;
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

  private Run run(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OnboardingApp.class.getName(),
        "--db", dir.resolve("onboarding.db").toString(),
        "--effects", dir.resolve("effects.log").toString(),
        "--step-delay-ms", "30"));
    if (!List.of(options).contains("--reminder-delay-ms")) {
      command.addAll(List.of("--reminder-delay-ms", "100"));
    }
    command.addAll(List.of(options));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    return new Run(p.exitValue(), output);
  }

  private long effects(String step) throws IOException {
    Path ledger = dir.resolve("effects.log");
    if (!Files.exists(ledger)) {
      return 0;
    }
    return Files.readAllLines(ledger).stream().filter(l -> l.equals("onboarding-E1042 " + step)).count();
  }

  @Test
  void crashInsideStepTwoThenRerunRunsOnlyWhatWasNotCommitted() throws Exception {
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
    assertThat(run().exitCode()).isZero();
    try (DurableEngine engine = DurableEngine.open(dir.resolve("onboarding.db"))) {
      WorkflowInfo info = engine.inspect("onboarding-E1042").orElseThrow();
      assertThat(info.workflowName()).isEqualTo("onboarding");
      assertThat(info.fingerprint()).matches("[0-9a-f]{32}");
      assertThat(info.fingerprint()).isEqualTo(new OnboardingWorkflow_DurableDescriptor().fingerprint());
    }
  }

  @Test
  void resetSaysWhatItRemovesAndForgetsTheRun() throws Exception {
    assertThat(run().exitCode()).isZero();
    Run reset = run("--reset");
    assertThat(reset.exitCode()).isZero();
    assertThat(reset.output()).contains("Removing workflow onboarding-E1042 (COMPLETED, 7 recorded steps)", "createRecord");
    Run fresh = run();
    assertThat(fresh.output()).contains("Started a new run.");
    assertThat(effects("createRecord")).isEqualTo(1);
  }

  @Test
  void killedWhileItSleepsBeforeTheReminder_theRerunSendsItOnce_atItsTime() throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OnboardingApp.class.getName(),
        "--db", dir.resolve("onboarding.db").toString(), "--effects", dir.resolve("effects.log").toString(),
        "--step-delay-ms", "30", "--reminder-delay-ms", "3000"));
    Process sleeper = new ProcessBuilder(command).redirectErrorStream(true).start();
    java.io.BufferedReader lines = new java.io.BufferedReader(
        new java.io.InputStreamReader(sleeper.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null && !line.startsWith("Sleeping until")) {
      assertThat(line).doesNotContain("Exception");
    }
    assertThat(line).as("the run reached its sleep").isNotNull();
    sleeper.destroyForcibly();
    assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(effects("sendReminder")).isZero();

    Run resumed = run("--reminder-delay-ms", "3000");
    assertThat(resumed.exitCode()).as(resumed.output()).isZero();
    assertThat(resumed.output()).contains("step 5 sendReminder").contains("Onboarding complete");
    for (String step : CrashPlan.STEPS) {
      assertThat(effects(step)).as(step).isEqualTo(1);
    }
  }
}
