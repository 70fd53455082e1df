package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.testing.ChildJvm;
import dev.durable.testing.CrashWorker;
import dev.durable.testing.CrashWorkflow;
import dev.durable.testing.FileLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
  @TempDir Path dir;

  @Test
  void recoverResumesCrashedWorkflowsWithoutTheirCallerAndSkipsWhatItCannotLoad() throws Exception {
    Path db = dir.resolve("r.db");
    Path ledgerFile = dir.resolve("ledger");
    for (String id : new String[] {"first", "second"}) {
      ChildJvm.Exit exit = ChildJvm.run(CrashWorker.class, db.toString(), ledgerFile.toString(), id, "in-step", "5");
      assertThat(exit.code()).isEqualTo(CrashWorker.HALT_CODE);
    }
    // A run of a workflow class that no longer exists.
    Testing.sql(db, "INSERT INTO durable_workflows (workflow_id, workflow_name, class_name, method, arguments_json, status,"
        + " runs, created_at, updated_at) VALUES ('ghost', 'ghost', 'com.example.Gone', 'run()', '[]', 'RUNNING', 1, 0, 0)");

    FileLedger ledger = new FileLedger(ledgerFile);
    RecoveryReport report;
    try (DurableEngine engine = DurableEngine.builder(db)
        .register(CrashWorkflow.class, ledger, (CrashWorkflow.Hooks) n -> { })
        .build()) {
      report = engine.recover();
      assertThat(engine.inspect("first").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(engine.inspect("second").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(engine.inspect("ghost").orElseThrow().status()).isEqualTo(WorkflowStatus.RUNNING);
      // The recovered result is the one a caller gets, without running anything again.
      long effects = ledger.lines().size();
      assertThat(engine.workflow(CrashWorkflow.class, "first").run("acme")).startsWith("finish:prepare-acme|branch-0");
      assertThat(ledger.lines()).hasSize((int) effects);
    }
    assertThat(report.withOutcome(RecoveryReport.Outcome.COMPLETED)).extracting(RecoveryReport.Entry::workflowId)
        .containsExactlyInAnyOrder("first", "second");
    assertThat(report.withOutcome(RecoveryReport.Outcome.SKIPPED)).singleElement()
        .satisfies(e -> {
          assertThat(e.workflowId()).isEqualTo("ghost");
          assertThat(e.detail()).contains("com.example.Gone cannot be loaded");
        });
  }

  @Test
  void recoverWithNothingUnfinishedReportsNothing() {
    try (DurableEngine engine = DurableEngine.open(dir.resolve("empty.db"))) {
      assertThat(engine.recover().entries()).isEmpty();
    }
  }
}
