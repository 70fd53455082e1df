package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.StepInfo;
import dev.durable.WorkflowInfo;
import dev.durable.testing.FileLedger;
import dev.durable.testing.LiveChild;
import dev.durable.testing.SleepWorker;
import dev.durable.testing.SleepingWorkflow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that outlive their process: a workflow asleep in a JVM killed -9 finishes in another JVM
 * after its original wake-up time, and a run started by a client-only JVM is finished by another
 * JVM's worker. Each step runs exactly once.
 */
class SleepAcrossProcessesTest {
  @TempDir Path dir;

  @Test
  void aWorkflowAsleepInAKilledJvm_finishesInAnotherAfterItsWakeUpTime_eachStepOnce() throws Exception {
    Path db = dir.resolve("sleep.db");
    Path ledgerFile = dir.resolve("ledger");
    long child;
    try (LiveChild sleeper = LiveChild.start(SleepWorker.class, db.toString(), ledgerFile.toString(), "sleep", "r1", "3000")) {
      sleeper.await("#WAITING r1", 60_000);
      child = sleeper.pid();
      sleeper.kill();
    }
    FileLedger ledger = new FileLedger(ledgerFile);
    try (DurableEngine engine = DurableEngine.builder(db).register(SleepingWorkflow.class, ledger)
        .pollInterval(Duration.ofMillis(200)).build()) {
      WorkflowInfo asleep = engine.inspect("r1").orElseThrow();
      Instant wakeAt = Instant.ofEpochMilli(Long.parseLong(asleep.steps().stream()
          .filter(s -> s.stepName().equals("Durable.sleep")).findFirst().orElseThrow().outputJson()));
      String result = engine.handle("r1", String.class).result(Duration.ofSeconds(60));
      Instant finished = Instant.now();
      assertThat(result).isEqualTo("welcome ada / reminder for ada");
      assertThat(finished).as("not before the wake-up time recorded in the killed JVM").isAfterOrEqualTo(wakeAt);
      assertThat(engine.inspect("r1").orElseThrow().steps()).extracting(StepInfo::stepName)
          .containsExactly("welcome", "Durable.sleep", "remindAgain");
    }
    long self = ProcessHandle.current().pid();
    assertThat(ledger.lines()).containsExactly("r1 welcome " + child, "r1 remindAgain " + self);
  }

  @Test
  void aRunStartedByAClientOnlyJvm_isFinishedByAnotherJvmsWorker() throws Exception {
    Path db = dir.resolve("start.db");
    Path ledgerFile = dir.resolve("ledger");
    try (LiveChild client = LiveChild.start(SleepWorker.class, db.toString(), ledgerFile.toString(), "start-client", "c1", "0")) {
      client.await("#STARTED c1", 60_000);
      assertThat(client.process().waitFor()).isZero();
    }
    FileLedger ledger = new FileLedger(ledgerFile);
    assertThat(ledger.lines()).as("the client-only JVM ran nothing").isEmpty();
    try (DurableEngine engine = DurableEngine.builder(db).register(SleepingWorkflow.class, ledger)
        .pollInterval(Duration.ofMillis(200)).build()) {
      assertThat(engine.handle("c1", String.class).result(Duration.ofSeconds(60))).isEqualTo("welcome ada / reminder for ada");
    }
    long self = ProcessHandle.current().pid();
    assertThat(ledger.lines()).isEqualTo(List.of("c1 welcome " + self, "c1 remindAgain " + self));
  }
}
