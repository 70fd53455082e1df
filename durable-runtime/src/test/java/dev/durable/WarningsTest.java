package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
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

  /** Like every workflow class of these tests, compiled without durable-processor: it has no descriptor. */
  @DurableWorkflow(name = "plain")
  public static class Plain {
    @WorkflowMethod
    public String run(String who) {
      return hello(who);
    }

    @DurableStep
    public String hello(String who) {
      return "hello " + who;
    }
  }

  @Test
  void aClassWithoutDescriptorIsWarnedAboutOncePerEngine() {
    RecordingListener first = new RecordingListener();
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("a.db")).listener(first).build()) {
      engine.workflow(Plain.class, "p-1").run("ada");
      engine.workflow(Plain.class, "p-2").run("bob");
      engine.start(Plain.class, "p-3", w -> w.run("cy")).result();
    }
    assertThat(first.warnings).singleElement().satisfies(w -> {
      assertThat(w.kind()).isEqualTo(DurableWarning.Kind.CLASS_WITHOUT_DESCRIPTOR);
      assertThat(w.workflowId()).isNull();
      assertThat(w.workflowName()).isEqualTo("plain");
      assertThat(w.className()).isEqualTo(Plain.class.getName());
      assertThat(w.message()).startsWith("Workflow class " + Plain.class.getName() + " (plain) has no descriptor")
          .contains("not checked for determinism").contains("dev.durable:durable-processor")
          .contains("annotationProcessorPaths");
    });

    // No state shared between engines: another engine in the same JVM warns on its own.
    RecordingListener second = new RecordingListener();
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("b.db")).listener(second).build()) {
      engine.workflow(Plain.class, "p-1").run("ada");
    }
    assertThat(second.warnings).extracting(DurableWarning::kind).containsExactly(DurableWarning.Kind.CLASS_WITHOUT_DESCRIPTOR);
  }

  @Test
  void aClassWithADescriptorIsNotWarnedAbout() {
    RecordingListener listener = new RecordingListener();
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("d.db")).listener(listener).build()) {
      engine.workflow(DescriptorWiringTest.Described.class, "d-1").run("ada");
    }
    assertThat(listener.warnings).isEmpty();
  }
}
