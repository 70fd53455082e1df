package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableEngine;
import dev.durable.StepFailedException;
import dev.durable.StepInfo;
import dev.durable.StepSerializationException;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values and exceptions that do not fit the durable boundary: results Jackson cannot write or can no
 * longer read, exceptions that cannot be serialized, an {@link Error} inside a step, and a result of
 * tens of megabytes. Each has a defined outcome, and none records garbage as completed.
 */
class ValueFailureTest {
  @TempDir Path dir;

  public record Money(int cents, String currency) {}

  /** Jackson fails on it: the getter leads back to the object itself. */
  public static final class SelfReferencing {
    public SelfReferencing getSelf() {
      return this;
    }
  }

  /** A two-step workflow whose second step does whatever the test puts in {@code second}. */
  @DurableWorkflow(name = "values")
  public static class Values {
    private final Ledger ledger;
    private final AtomicReference<Supplier<Object>> second;

    public Values(Ledger ledger, AtomicReference<Supplier<Object>> second) {
      this.ledger = ledger;
      this.second = second;
    }

    @WorkflowMethod
    public String run() {
      Money price = price();
      return price.cents() + price.currency() + "/" + describe(second());
    }

    @DurableStep
    public Money price() {
      ledger.ran("price");
      return new Money(1999, "EUR");
    }

    @DurableStep
    public Object second() {
      ledger.ran("second");
      return second.get().get();
    }

    private static String describe(Object o) {
      return o instanceof String s && s.length() > 100 ? "string of " + s.length() : String.valueOf(o);
    }
  }

  private final Ledger ledger = new Ledger();
  private final AtomicReference<Supplier<Object>> second = new AtomicReference<>(() -> "ok");

  private DurableEngine engine(Path db) {
    return DurableEngine.builder(db).register(Values.class, ledger, second).build();
  }

  @Test
  void aResultJacksonCannotWrite_namesWorkflowStepAndType_andIsNotRecordedAsCompleted() {
    Path db = dir.resolve("unwritable.db");
    second.set(SelfReferencing::new);
    try (DurableEngine engine = engine(db)) {
      assertThatThrownBy(() -> engine.workflow(Values.class, "unwritable").run())
          .isInstanceOfSatisfying(StepSerializationException.class, e -> {
            assertThat(e.workflowId()).isEqualTo("unwritable");
            assertThat(e.stepName()).isEqualTo("step 'second'");
            assertThat(e.whileReading()).isFalse();
          })
          .hasMessageContaining("workflow 'unwritable'").hasMessageContaining("step 'second'")
          .hasMessageContaining(SelfReferencing.class.getName()).hasMessageContaining("not recorded as completed");
      StepInfo recorded = engine.inspect("unwritable").orElseThrow().steps().get(1);
      assertThat(recorded.status()).as("the failure is recorded, never a value").isNotEqualTo(StepInfo.Status.COMPLETED);

      second.set(() -> "fixed");
      assertThat(engine.workflow(Values.class, "unwritable").run()).isEqualTo("1999EUR/fixed");
    }
    assertThat(ledger.count("price")).isEqualTo(1);
  }

  @Test
  void anArgumentJacksonCannotWrite_isRefusedBeforeAnythingIsStored() {
    try (DurableEngine engine = DurableEngine.open(dir.resolve("arg.db"))) {
      assertThatThrownBy(() -> engine.workflow(TakesAnything.class, "arg").run(new SelfReferencing()))
          .isInstanceOf(StepSerializationException.class)
          .hasMessageContaining("workflow 'arg'").hasMessageContaining("argument 0");
      assertThat(engine.inspect("arg")).isEmpty();
    }
  }

  @DurableWorkflow(name = "takes-anything")
  public static class TakesAnything {
    @WorkflowMethod
    public String run(Object anything) {
      return String.valueOf(anything);
    }
  }

  @Test
  void aRecordedResultThatNoLongerReads_namesWorkflowStepAndType_andLeavesTheHistoryUntouched() throws Exception {
    Path db = dir.resolve("changed-shape.db");
    second.set(() -> {
      throw new IllegalStateException("second step down");
    });
    try (DurableEngine engine = engine(db)) {
      assertThatThrownBy(() -> engine.workflow(Values.class, "changed").run()).hasMessage("second step down");
    }
    // What a class that changed shape sees: the stored JSON no longer fits the record.
    String original = stepOutput(db, "1");
    setStepOutput(db, "1", "{\"cents\":\"nineteen ninety-nine\",\"currency\":[\"EUR\"]}");
    String before = history(db);
    second.set(() -> "ok");
    try (DurableEngine engine = engine(db)) {
      assertThatThrownBy(() -> engine.workflow(Values.class, "changed").run())
          .isInstanceOfSatisfying(StepSerializationException.class, e -> {
            assertThat(e.whileReading()).isTrue();
            assertThat(e.workflowId()).isEqualTo("changed");
            assertThat(e.typeName()).isEqualTo(Money.class.getName());
          })
          .hasMessageContaining("workflow 'changed'").hasMessageContaining("step 'price'")
          .hasMessageContaining(Money.class.getName()).hasMessageContaining("history is left untouched");
      assertThat(history(db)).as("history after the failed replay").isEqualTo(before);
      assertThat(engine.inspect("changed").orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);
    }
    // Deploying a class that reads the stored JSON again resumes it.
    setStepOutput(db, "1", original);
    try (DurableEngine engine = engine(db)) {
      assertThat(engine.workflow(Values.class, "changed").run()).isEqualTo("1999EUR/ok");
    }
    assertThat(ledger.count("price")).isEqualTo(1);
  }

  /** Keeps a field that no serializer could store. */
  public static final class HoldsAThread extends RuntimeException {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings({"serial", "unused"})
    private final Thread thread = Thread.currentThread();

    public HoldsAThread(String message) {
      super(message);
    }
  }

  /** Can only be built with a value the engine does not have: replay cannot rebuild it. */
  public static final class NeedsContext extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NeedsContext(String message, Object context) {
      super(message + " " + context);
    }
  }

  @Test
  void exceptionsThatCannotBeSerialized_areRecordedAsTypeMessageAndStack_andReplayedAsDefined() {
    RuntimeException cyclic = new IllegalStateException("outer");
    IllegalArgumentException inner = new IllegalArgumentException("inner");
    cyclic.initCause(inner);
    inner.initCause(cyclic); // a cause chain that loops back on itself
    List<Supplier<RuntimeException>> cases = List.of(
        () -> new HoldsAThread("with a thread field"),
        () -> cyclic,
        () -> new IllegalStateException("x".repeat(10_000_000)),
        () -> new NeedsContext("needs", new Object()));
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("errors.db")).register(Thrower.class, cases).build()) {
      for (int i = 0; i < cases.size(); i++) {
        String first = engine.workflow(Thrower.class, "t" + i).run(i);
        Testing_markRunning(engine, "t" + i);
        // Replayed from the store: the step does not run again, the recorded exception is thrown again
        // (the 10 MB message as recorded, cut to 16 KB; an exception it cannot rebuild as a stand-in).
        String replayed = engine.workflow(Thrower.class, "t" + i).run(i);
        if (i < 2) {
          assertThat(replayed).as("case %d", i).isEqualTo(first);
        }
      }
      assertThat(engine.workflow(Thrower.class, "t0").run(0)).startsWith(HoldsAThread.class.getName() + ": with a thread field");
      assertThat(engine.workflow(Thrower.class, "t1").run(1))
          .isEqualTo("java.lang.IllegalStateException: outer <- java.lang.IllegalArgumentException: inner");
      assertThat(engine.workflow(Thrower.class, "t2").run(2))
          .as("a 10 MB message is cut to 16 KB").startsWith("java.lang.IllegalStateException: xxxx")
          .contains("... [9983616 more characters]").hasSizeLessThan(17_000);
      assertThat(engine.workflow(Thrower.class, "t3").run(3))
          .startsWith(StepFailedException.class.getName()).contains(NeedsContext.class.getName());
    }
  }

  private static void Testing_markRunning(DurableEngine engine, String id) {
    // Completed workflows return their result without replay; reopen this one so it replays its steps.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + engine.location());
        PreparedStatement s = c.prepareStatement("UPDATE durable_workflows SET status = 'RUNNING', owner = NULL WHERE workflow_id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @DurableWorkflow(name = "thrower")
  public static class Thrower {
    private final List<Supplier<RuntimeException>> cases;

    public Thrower(List<Supplier<RuntimeException>> cases) {
      this.cases = cases;
    }

    @WorkflowMethod
    public String run(int i) {
      try {
        explode(i);
        return "no exception";
      } catch (RuntimeException e) {
        StringBuilder s = new StringBuilder(e.toString());
        if (e.getCause() != null && e.getCause() != e) {
          s.append(" <- ").append(e.getCause());
        }
        return s.toString();
      }
    }

    @DurableStep
    public void explode(int i) {
      throw cases.get(i).get();
    }
  }

  @Test
  void anErrorInsideAStep_leavesTheStepStartedAndTheWorkflowRunning_andTheStepRunsAgainOnResume() {
    Path db = dir.resolve("oom.db");
    second.set(() -> {
      throw new OutOfMemoryError("simulated: Java heap space");
    });
    try (DurableEngine engine = engine(db)) {
      assertThatThrownBy(() -> engine.workflow(Values.class, "oom").run()).isInstanceOf(OutOfMemoryError.class);
      assertThat(engine.inspect("oom").orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);
      assertThat(engine.inspect("oom").orElseThrow().steps()).extracting(StepInfo::status).containsExactly(StepInfo.Status.COMPLETED, StepInfo.Status.STARTED);

      second.set(() -> "recovered");
      assertThat(engine.workflow(Values.class, "oom").run()).isEqualTo("1999EUR/recovered");
    }
    assertThat(ledger.count("price")).isEqualTo(1);
    assertThat(ledger.count("second")).isEqualTo(2);
  }

  @Test
  void aResultOfTensOfMegabytes_roundTripsThroughTheStore() throws Exception {
    Path db = dir.resolve("large.db");
    String big = "0123456789abcdef".repeat(2_000_000); // 32 MB of characters
    second.set(() -> big);
    long t0 = System.nanoTime();
    try (DurableEngine engine = engine(db)) {
      assertThat(engine.workflow(Values.class, "large").run()).isEqualTo("1999EUR/string of 32000000");
    }
    long write = System.nanoTime() - t0;
    Testing_markRunning(DurableEngine.open(db), "large");
    t0 = System.nanoTime();
    try (DurableEngine engine = engine(db)) {
      assertThat(engine.workflow(Values.class, "large").run()).as("replayed from the store").isEqualTo("1999EUR/string of 32000000");
    }
    long replay = System.nanoTime() - t0;
    assertThat(ledger.count("second")).as("replayed, not run again").isEqualTo(1);
    System.out.printf("LARGE RESULT: 32 MB step result written in %d ms, replayed in %d ms%n", write / 1_000_000, replay / 1_000_000);
  }

  private static String stepOutput(Path db, String position) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement("SELECT output_json FROM durable_steps WHERE position = ?")) {
      s.setString(1, position);
      return s.executeQuery().getString(1);
    }
  }

  private static void setStepOutput(Path db, String position, String json) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement("UPDATE durable_steps SET output_json = ? WHERE position = ?")) {
      s.setString(1, json);
      s.setString(2, position);
      s.executeUpdate();
    }
  }

  private static String history(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement(
            "SELECT position || '|' || step_name || '|' || status || '|' || attempts || '|' || coalesce(output_json, '')"
                + " FROM durable_steps ORDER BY position")) {
      StringBuilder out = new StringBuilder();
      var rs = s.executeQuery();
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
      return out.toString();
    }
  }
}
