package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.testing.RecordingListener;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warnings reach the application through DurableListener.onWarning, besides the SLF4J log. */
class WarningsTest {
  @TempDir Path dir;

  /** A stored run of a class this JVM does not have. */
  private static Path databaseWithGhostRun(Path db, String status) {
    try (DurableEngine engine = DurableEngine.builder(db).workerThreads(0).build()) {
      // Creates the schema.
    }
    Testing.sql(db, "INSERT INTO durable_workflows (workflow_id, workflow_name, class_name, method, arguments_json, status,"
        + " runs, created_at, updated_at) VALUES ('ghost', 'ghost', 'com.example.Gone', 'run()', '[]', ?, 1, 0, 0)", status);
    return db;
  }

  @Test
  void recoverReportsASkippedRunToListeners() {
    Path db = databaseWithGhostRun(dir.resolve("r.db"), "RUNNING");
    RecordingListener listener = new RecordingListener();
    try (DurableEngine engine = DurableEngine.builder(db).workerThreads(0).listener(listener).build()) {
      assertThat(engine.recover().withOutcome(RecoveryReport.Outcome.SKIPPED)).hasSize(1);
    }
    assertThat(listener.warnings).singleElement().satisfies(w -> {
      assertThat(w.kind()).isEqualTo(DurableWarning.Kind.WORKFLOW_SKIPPED);
      assertThat(w.workflowId()).isEqualTo("ghost");
      assertThat(w.workflowName()).isEqualTo("ghost");
      assertThat(w.className()).isEqualTo("com.example.Gone");
      assertThat(w.message()).startsWith("recover() skipped workflow 'ghost' (ghost)").contains("cannot be loaded");
    });
  }

  @Test
  void aWorkerReportsARunItCannotRunToListeners() throws InterruptedException {
    Path db = databaseWithGhostRun(dir.resolve("w.db"), "PENDING");
    BlockingQueue<DurableWarning> warnings = new LinkedBlockingQueue<>();
    DurableListener listener = new DurableListener() {
      @Override
      public void onWarning(DurableWarning warning) {
        warnings.add(warning);
      }
    };
    try (DurableEngine engine = DurableEngine.builder(db).workerThreads(1).listener(listener).build()) {
      DurableWarning w = warnings.poll(30, TimeUnit.SECONDS);
      assertThat(w).isNotNull();
      assertThat(w.kind()).isEqualTo(DurableWarning.Kind.WORKFLOW_SKIPPED);
      assertThat(w.workflowId()).isEqualTo("ghost");
      assertThat(w.message()).contains("This engine cannot run workflow 'ghost'").contains("cannot be loaded");
    }
  }

  @Test
  void aListenerThatThrowsFromOnWarningDoesNotStopRecovery() {
    Path db = databaseWithGhostRun(dir.resolve("t.db"), "RUNNING");
    RecordingListener after = new RecordingListener();
    DurableListener broken = new DurableListener() {
      @Override
      public void onWarning(DurableWarning warning) {
        throw new IllegalStateException("listener bug");
      }
    };
    try (DurableEngine engine = DurableEngine.builder(db).workerThreads(0).listener(broken).listener(after).build()) {
      assertThat(engine.recover().withOutcome(RecoveryReport.Outcome.SKIPPED)).hasSize(1);
    }
    assertThat(after.warnings).extracting(DurableWarning::kind).containsExactly(DurableWarning.Kind.WORKFLOW_SKIPPED);
  }
}
