package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableEngine;
import dev.durable.StepInfo;
import dev.durable.WorkflowCancelledException;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowStatus;
import dev.durable.testing.BranchesWorkflow;
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

  @Test
  void aSleepInABranch_killedWhileTheRunSleeps_resumesInAnotherJvm_noSiblingStepRunsTwice() throws Exception {
    Path db = dir.resolve("branches.db");
    Path ledgerFile = dir.resolve("ledger");
    try (LiveChild sleeper = LiveChild.start(SleepWorker.class, db.toString(), ledgerFile.toString(), "branches", "br1", "2000")) {
      sleeper.await("#WAITING br1", 60_000);
      sleeper.kill();
    }
    FileLedger ledger = new FileLedger(ledgerFile);
    // The sibling branch stopped at its next step once the other branch slept: how far it got varies.
    assertThat(ledger.lines()).as("before the kill").extracting(l -> l.split(" ")[1]).contains("a1")
        .doesNotHaveDuplicates().doesNotContain("a2", "last");
    try (DurableEngine engine = DurableEngine.builder(db).register(BranchesWorkflow.class, ledger)
        .pollInterval(Duration.ofMillis(200)).build()) {
      assertThat(engine.handle("br1", String.class).result(Duration.ofSeconds(60))).isEqualTo("a1a2|b1b2b3|last");
    }
    assertThat(ledger.lines()).extracting(l -> l.split(" ")[1]).containsExactlyInAnyOrder("a1", "b1", "b2", "b3", "a2", "last");
  }

  @Test
  void cancellingFromAnotherJvm_whileAStepRuns_letsItFinish_andStopsTheRunAtItsNextStep() throws Exception {
    Path db = dir.resolve("cancel.db");
    Path ledgerFile = dir.resolve("ledger");
    try (LiveChild runner = LiveChild.start(SleepWorker.class, db.toString(), ledgerFile.toString(), "slow", "slow1", "0")) {
      runner.await("#IN_STEP slow1 b2", 60_000);
      try (DurableEngine client = DurableEngine.builder(db).clientOnly().pollInterval(Duration.ofMillis(200)).build()) {
        assertThat(client.cancel("slow1")).isTrue();
        assertThatThrownBy(() -> client.handle("slow1", String.class).result(Duration.ofSeconds(60)))
            .isInstanceOf(WorkflowCancelledException.class);
        assertThat(client.inspect("slow1").orElseThrow().status()).isEqualTo(WorkflowStatus.CANCELLED);
      }
    }
    assertThat(new FileLedger(ledgerFile).lines()).extracting(l -> l.split(" ")[1])
        .as("b2 finished; b3 and last never started").contains("b2").doesNotContain("b3", "last");
  }

  @Test
  void cancellingARunAsleepInAKilledJvm_wakesItInAnother_whichEndsItCancelled() throws Exception {
    Path db = dir.resolve("cancel-sleeping.db");
    Path ledgerFile = dir.resolve("ledger");
    try (LiveChild sleeper = LiveChild.start(SleepWorker.class, db.toString(), ledgerFile.toString(), "sleep", "z1", "3600000")) {
      sleeper.await("#WAITING z1", 60_000);
      sleeper.kill();
    }
    FileLedger ledger = new FileLedger(ledgerFile);
    try (DurableEngine engine = DurableEngine.builder(db).register(SleepingWorkflow.class, ledger)
        .pollInterval(Duration.ofMillis(200)).build()) {
      assertThat(engine.cancel("z1")).isTrue();
      assertThatThrownBy(() -> engine.handle("z1", String.class).result(Duration.ofSeconds(60)))
          .isInstanceOf(WorkflowCancelledException.class);
    }
    assertThat(ledger.lines()).extracting(l -> l.split(" ")[1]).containsExactly("welcome");
  }
}
