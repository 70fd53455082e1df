package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.RecordingListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the runtime uses the descriptors the processor generates (here one written by hand, registered
 * in this module's test resources exactly as generated ones are): the fingerprint is stored with the
 * run, a resume by different code is warned about, and recover() finds a renamed class by its
 * durable name.
 */
class DescriptorWiringTest {
  @TempDir Path dir;

  @DurableWorkflow(name = "described")
  public static class Described {
    @WorkflowMethod
    public String run(String who) {
      return hello(who);
    }

    @DurableStep
    public String hello(String who) {
      return "hello " + who;
    }
  }

  /** Stands for the processor's generated {@code Described_DurableDescriptor}. */
  public static final class DescribedDescriptor implements WorkflowDescriptor {
    static final String FINGERPRINT = "0123456789abcdef0123456789abcdef";

    @Override
    public String workflowName() {
      return "described";
    }

    @Override
    public String workflowClassName() {
      return Described.class.getName();
    }

    @Override
    public List<String> workflowMethods() {
      return List.of("run(java.lang.String)");
    }

    @Override
    public List<String> steps() {
      return List.of("hello=hello(java.lang.String)");
    }

    @Override
    public String fingerprint() {
      return FINGERPRINT;
    }
  }

  @Test
  void theFingerprintOfTheRunningCodeIsStoredWithTheRun() {
    try (DurableEngine engine = DurableEngine.open(dir.resolve("d.db"))) {
      engine.workflow(Described.class, "d-1").run("ada");
      assertThat(engine.inspect("d-1").orElseThrow().fingerprint()).isEqualTo(DescribedDescriptor.FINGERPRINT);
    }
  }

  @Test
  void resumingWithDifferentCodeIsWarnedAbout() {
    Path db = dir.resolve("w.db");
    try (DurableEngine engine = DurableEngine.open(db)) {
      engine.workflow(Described.class, "d-2").run("bob");
    }
    Testing.markRunning(db, "d-2");
    Testing.sql(db, "UPDATE durable_workflows SET fingerprint = 'ffffffffffffffffffffffffffffffff' WHERE workflow_id = ?", "d-2");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    RecordingListener listener = new RecordingListener();
    try (DurableEngine engine = DurableEngine.builder(db).listener(listener).build()) {
      assertThat(engine.workflow(Described.class, "d-2").run("bob")).isEqualTo("hello bob");
      assertThat(engine.inspect("d-2").orElseThrow().fingerprint()).isEqualTo(DescribedDescriptor.FINGERPRINT);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Workflow 'd-2' (described) is being resumed by workflow code that differs")
        .contains("ffffffffffffffffffffffffffffffff").contains(DescribedDescriptor.FINGERPRINT);
    assertThat(listener.warnings).singleElement().satisfies(w -> {
      assertThat(w.kind()).isEqualTo(DurableWarning.Kind.CODE_CHANGED);
      assertThat(w.workflowId()).isEqualTo("d-2");
      assertThat(w.workflowName()).isEqualTo("described");
      assertThat(w.className()).isEqualTo(Described.class.getName());
      assertThat(w.message()).contains("is being resumed by workflow code that differs")
          .contains("ffffffffffffffffffffffffffffffff").contains(DescribedDescriptor.FINGERPRINT);
    });
  }

  @Test
  void recoverFindsAWorkflowByItsDurableNameAfterItsClassWasRenamed() {
    Path db = dir.resolve("r.db");
    try (DurableEngine engine = DurableEngine.open(db)) {
      engine.workflow(Described.class, "d-3").run("cy");
    }
    Testing.markRunning(db, "d-3");
    Testing.sql(db, "UPDATE durable_workflows SET class_name = 'com.example.OldName' WHERE workflow_id = ?", "d-3");
    try (DurableEngine engine = DurableEngine.open(db)) {
      RecoveryReport report = engine.recover();
      assertThat(report.entries()).singleElement().extracting(RecoveryReport.Entry::outcome).isEqualTo(RecoveryReport.Outcome.COMPLETED);
      assertThat(engine.inspect("d-3").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
    }
  }
}
