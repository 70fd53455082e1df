package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableEngine;
import dev.durable.NonDeterministicWorkflowException;
import dev.durable.RecoveryReport;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflow code that changed between a crash and the resume (a step added in the middle, steps
 * reordered; renamed and removed steps are covered by ReplayVerificationTest), and a workflow class
 * that cannot be constructed when recover() runs.
 */
class ChangedCodeTest {
  @TempDir Path dir;

  static final AtomicBoolean chargeFails = new AtomicBoolean();
  static final Ledger ledger = new Ledger();

  /** Version 1: reserve, charge, ship. The run stops at charge, so reserve is history. */
  @DurableWorkflow(name = "order")
  public static class OrderV1 {
    @WorkflowMethod
    public String run(String order) {
      return reserve(order) + charge(order) + ship(order);
    }

    @DurableStep
    public String reserve(String order) {
      ledger.ran("reserve");
      return "R";
    }

    @DurableStep
    public String charge(String order) {
      ledger.ran("charge");
      if (chargeFails.get()) {
        throw new IllegalStateException("card declined");
      }
      return "C";
    }

    @DurableStep
    public String ship(String order) {
      ledger.ran("ship");
      return "S";
    }
  }

  /** Version 2 adds a fraud check between reserve and charge. */
  @DurableWorkflow(name = "order")
  public static class OrderV2Added extends OrderV1 {
    @Override
    @WorkflowMethod
    public String run(String order) {
      return reserve(order) + fraudCheck(order) + charge(order) + ship(order);
    }

    @DurableStep
    public String fraudCheck(String order) {
      ledger.ran("fraudCheck");
      return "F";
    }
  }

  /** Version 3 charges before it reserves. */
  @DurableWorkflow(name = "order")
  public static class OrderV3Reordered extends OrderV1 {
    @Override
    @WorkflowMethod
    public String run(String order) {
      return charge(order) + reserve(order) + ship(order);
    }
  }

  @Test
  void aStepAddedInTheMiddle_stopsReplayWithRecordedHistoryNextToTheCode_historyUntouched() throws Exception {
    Path db = failedAtCharge("added.db", "o-1");
    String before = history(db);
    try (DurableEngine engine = DurableEngine.open(db)) {
      assertThatThrownBy(() -> engine.workflow(OrderV2Added.class, "o-1").run("o-1"))
          .isInstanceOfSatisfying(NonDeterministicWorkflowException.class, e -> {
            assertThat(e.position()).isEqualTo("2");
            assertThat(e.recordedStep()).isEqualTo("charge");
            assertThat(e.attemptedStep()).isEqualTo("fraudCheck");
          })
          .hasMessageContaining("the code calls 'fraudCheck' at position 2 where the history holds 'charge'")
          // The side-by-side table: position, what the history holds, what the code does now.
          .hasMessageMatching("(?s).*position\\s+recorded\\s+code now.*1\\s+reserve \\(COMPLETED\\)\\s+reserve.*"
              + "2\\s+charge \\(REOPENED\\)\\s+fraudCheck\\s+<-- here.*")
          .hasMessageContaining("the stored history is untouched");
      assertThat(engine.inspect("o-1").orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);
    }
    assertThat(history(db)).isEqualTo(before);
    assertThat(ledger.count("fraudCheck")).as("the new step must not run on a diverged history").isZero();

    // The original code still finishes it.
    chargeFails.set(false);
    try (DurableEngine engine = DurableEngine.open(db)) {
      assertThat(engine.workflow(OrderV1.class, "o-1").run("o-1")).isEqualTo("RCS");
    }
    assertThat(ledger.count("reserve")).isEqualTo(1);
  }

  @Test
  void reorderedSteps_stopReplayAtTheFirstPosition_historyUntouched() throws Exception {
    Path db = failedAtCharge("reordered.db", "o-2");
    String before = history(db);
    try (DurableEngine engine = DurableEngine.open(db)) {
      assertThatThrownBy(() -> engine.workflow(OrderV3Reordered.class, "o-2").run("o-2"))
          .isInstanceOf(NonDeterministicWorkflowException.class)
          .hasMessageContaining("the code calls 'charge' at position 1 where the history holds 'reserve'")
          .hasMessageMatching("(?s).*1\\s+reserve \\(COMPLETED\\)\\s+charge\\s+<-- here.*2\\s+charge \\(REOPENED\\)\\s+\\(not reached\\).*");
    }
    assertThat(history(db)).isEqualTo(before);
  }

  private Path failedAtCharge(String file, String id) {
    Path db = dir.resolve(file);
    chargeFails.set(true);
    try (DurableEngine engine = DurableEngine.open(db)) {
      assertThatThrownBy(() -> engine.workflow(OrderV1.class, id).run(id)).hasMessage("card declined");
    }
    return db;
  }

  static final AtomicBoolean constructorThrows = new AtomicBoolean();

  @DurableWorkflow(name = "fragile")
  public static class Fragile {
    public Fragile() {
      if (constructorThrows.get()) {
        throw new IllegalStateException("config service unreachable");
      }
    }

    @WorkflowMethod
    public String run() {
      return work();
    }

    @DurableStep
    public String work() {
      ledger.ran("fragile-work");
      if (chargeFails.get()) {
        throw new IllegalStateException("not yet");
      }
      return "done";
    }
  }

  @Test
  void aClassWhoseConstructorThrowsAtRecover_isReportedAndSkipped_othersRecover() throws Exception {
    Path db = dir.resolve("recover.db");
    chargeFails.set(true);
    try (DurableEngine engine = DurableEngine.builder(db).register(Fragile.class).register(OrderV1.class).build()) {
      assertThatThrownBy(() -> engine.workflow(Fragile.class, "fragile").run()).hasMessage("not yet");
      assertThatThrownBy(() -> engine.workflow(OrderV1.class, "healthy").run("healthy")).hasMessage("card declined");
    }
    // Both stopped as if by a crash.
    sql(db, "UPDATE durable_workflows SET status = 'RUNNING', owner = NULL");
    chargeFails.set(false);
    constructorThrows.set(true);
    try (DurableEngine engine = DurableEngine.builder(db).register(Fragile.class).register(OrderV1.class).build()) {
      RecoveryReport report = engine.recover();
      assertThat(report.withOutcome(RecoveryReport.Outcome.SKIPPED)).singleElement().satisfies(e -> {
        assertThat(e.workflowId()).isEqualTo("fragile");
        assertThat(e.detail()).contains(Fragile.class.getName()).contains("config service unreachable");
      });
      assertThat(report.withOutcome(RecoveryReport.Outcome.COMPLETED)).extracting(RecoveryReport.Entry::workflowId)
          .containsExactly("healthy");
      assertThat(engine.inspect("fragile").orElseThrow().status()).isEqualTo(WorkflowStatus.RUNNING);
    } finally {
      constructorThrows.set(false);
    }
  }

  private static void sql(Path db, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  private static String history(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT workflow_id, position, step_name, status, attempts, output_json,"
            + " started_at, finished_at FROM durable_steps ORDER BY workflow_id, position")) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        for (int i = 1; i <= 8; i++) {
          out.append(rs.getString(i)).append('|');
        }
        out.append('\n');
      }
      return out.toString();
    }
  }
}
