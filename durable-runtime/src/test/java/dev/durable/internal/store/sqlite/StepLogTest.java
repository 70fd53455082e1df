package dev.durable.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.Durability;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Step records appended to the log and folded into durable_steps: a history reads the latest record
 * of each position wherever it is, the log stays short, and nothing is left in it after a close.
 */
class StepLogTest {
  private static final OwnerLiveness ALL_ALIVE = owner -> true;

  @TempDir Path dir;

  private SqliteWorkflowStore open(Path db) {
    return SqliteWorkflowStore.open(db, Durability.SURVIVES_PROCESS_CRASH, Duration.ofSeconds(5), false, ALL_ALIVE);
  }

  private static void claim(SqliteWorkflowStore store, String id) {
    store.claim(new NewWorkflow(id, "Flow", "x.Flow", "run()", "[]", null), "owner", 0, Long.MAX_VALUE, true);
  }

  private static StepRecord completed(int position, int attempts, String output) {
    return new StepRecord(Integer.toString(position), "step", StepStatus.COMPLETED, attempts, output, 1, 2L);
  }

  private static long count(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void historySpanningFoldedAndLoggedRowsHasTheLatestRecordOfEachPositionOnce() throws Exception {
    Path db = dir.resolve("log.db");
    int steps = StepLog.FOLD_EVERY * 2 + 300;
    try (SqliteWorkflowStore store = open(db)) {
      claim(store, "a");
      claim(store, "b");
      for (int i = 1; i <= steps; i++) {
        store.stepFinished("a", "owner", completed(i, 1, "\"a" + i + "\""));
        store.stepFinished("b", "owner", completed(i, 1, "\"b" + i + "\""));
      }
      // A record of a folded position and one of a logged position are replaced by later ones.
      store.stepFinished("a", "owner", completed(1, 2, "\"a1 again\""));
      store.stepFinished("a", "owner", completed(steps, 2, "\"last again\""));
      store.stepFinished("a", "owner", completed(steps, 3, "\"last once more\""));

      long logged = count(db, "SELECT count(*) FROM durable_step_log");
      assertThat(logged).as("the log is folded as it grows").isPositive().isLessThan(StepLog.FOLD_EVERY + 10);
      assertThat(count(db, "SELECT count(*) FROM durable_steps")).isEqualTo(2L * steps + 3 - logged);

      List<StepRecord> history = store.history("a");
      assertThat(history).hasSize(steps);
      assertThat(history).extracting(StepRecord::position).doesNotHaveDuplicates();
      assertThat(history).filteredOn(s -> s.position().equals("1")).singleElement()
          .satisfies(s -> assertThat(s.outputJson()).isEqualTo("\"a1 again\""));
      assertThat(history).filteredOn(s -> s.position().equals(Integer.toString(steps))).singleElement()
          .satisfies(s -> {
            assertThat(s.outputJson()).isEqualTo("\"last once more\"");
            assertThat(s.attempts()).isEqualTo(3);
          });
      assertThat(history).filteredOn(s -> s.position().equals("7")).singleElement()
          .satisfies(s -> assertThat(s.outputJson()).isEqualTo("\"a7\""));
      assertThat(store.history("b")).hasSize(steps).allSatisfy(s -> assertThat(s.outputJson()).isEqualTo("\"b" + s.position() + "\""));
      // Replay's faster query reads the same latest records, the log's in log order.
      assertThat(store.replayHistory("a")).containsExactlyInAnyOrderElementsOf(history.stream().map(RecordedStep::of).toList());
      assertThat(store.replayHistory("b")).hasSize(steps);

      assertThat(store.delete("b", "owner", 0).deleted()).isTrue();
      assertThat(store.history("b")).isEmpty();
      assertThat(count(db, "SELECT count(*) FROM durable_step_log WHERE workflow_id = 'b'")).isZero();
    }
    assertThat(count(db, "SELECT count(*) FROM durable_step_log")).as("folded on close").isZero();
    assertThat(count(db, "SELECT count(*) FROM durable_steps")).isEqualTo(steps);
    try (SqliteWorkflowStore store = open(db)) {
      assertThat(store.history("a")).hasSize(steps).filteredOn(s -> s.position().equals("1")).singleElement()
          .satisfies(s -> assertThat(s.outputJson()).isEqualTo("\"a1 again\""));
    }
  }

  @Test
  void rowsAnEngineLeftInTheLogAreFoldedByTheNextOpenInLogOrder() throws Exception {
    Path db = dir.resolve("left.db");
    try (SqliteWorkflowStore store = open(db)) {
      claim(store, "a");
      store.stepFinished("a", "owner", completed(1, 1, "\"folded\""));
    }
    // What an engine killed between folds leaves: rows in the log, two of them for one position.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("INSERT INTO durable_step_log (" + StepLog.COLUMNS + ") VALUES ('a', '1', 'step', 'FAILED', 2, '\"boom\"', 1, 2)");
      s.execute("INSERT INTO durable_step_log (" + StepLog.COLUMNS + ") VALUES ('a', '1', 'step', 'COMPLETED', 3, '\"third\"', 1, 2)");
      s.execute("INSERT INTO durable_step_log (" + StepLog.COLUMNS + ") VALUES ('a', '2', 'step', 'COMPLETED', 1, '\"two\"', 1, 2)");
    }
    try (SqliteWorkflowStore store = open(db)) {
      assertThat(count(db, "SELECT count(*) FROM durable_step_log")).isZero();
      assertThat(store.history("a")).extracting(StepRecord::position, StepRecord::status, StepRecord::outputJson)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("1", StepStatus.COMPLETED, "\"third\""),
              org.assertj.core.groups.Tuple.tuple("2", StepStatus.COMPLETED, "\"two\""));
    }
  }

  @Test
  void aFoldKeepsEachWorkflowsRowsTogether_inLogOrderWithinIt() throws Exception {
    Path db = dir.resolve("together.db");
    try (SqliteWorkflowStore store = open(db)) {
      claim(store, "a");
      claim(store, "b");
      // Concurrent workflows interleave in the log; a later row of a position must still win.
      for (int i = 1; i <= 50; i++) {
        store.stepFinished("a", "owner", completed(i, 1, "\"a" + i + "\""));
        store.stepFinished("b", "owner", completed(i, 1, "\"b" + i + "\""));
      }
      store.stepFinished("a", "owner", completed(7, 2, "\"a7 again\""));
    }
    for (String id : List.of("a", "b")) {
      long rows = count(db, "SELECT count(*) FROM durable_steps WHERE workflow_id = '" + id + "'");
      long span = count(db, "SELECT max(rowid) - min(rowid) + 1 FROM durable_steps WHERE workflow_id = '" + id + "'");
      assertThat(rows).isEqualTo(50);
      assertThat(span).as("rows of workflow %s are adjacent in durable_steps", id).isEqualTo(rows);
    }
    assertThat(count(db, "SELECT attempts FROM durable_steps WHERE workflow_id = 'a' AND position = '7'")).isEqualTo(2);
  }

  @Test
  void replayHistoryReadsOutputsByteForByteAndNullOutputsAsNull() {
    String awkward = "{\"quote\":\"a\\\"b\",\"slash\":\"c:\\\\d\",\"lines\":\"1\\n2\",\"text\":\"\u00e9\u4e2d\ud83d\ude00\"}";
    try (SqliteWorkflowStore store = open(dir.resolve("awkward.db"))) {
      claim(store, "w");
      store.stepFinished("w", "owner", completed(1, 1, awkward));
      store.stepFinished("w", "owner", new StepRecord("2", "Durable.async", StepStatus.COMPLETED, 1, null, 1, 2L));
      store.stepFinished("w", "owner", new StepRecord("2.1", "other", StepStatus.FAILED, 4, "{\"type\":\"x\"}", 1, 2L));
      assertThat(store.replayHistory("w")).containsExactlyInAnyOrder(
          new RecordedStep("1", "step", StepStatus.COMPLETED, 1, awkward),
          new RecordedStep("2", "Durable.async", StepStatus.COMPLETED, 1, null),
          new RecordedStep("2.1", "other", StepStatus.FAILED, 4, "{\"type\":\"x\"}"));
      assertThat(store.replayHistory("nobody")).isEmpty();
    }
  }

  @Test
  void latestAppliesLoggedRowsInLogOrder_overTheFoldedRowOfTheirPosition() {
    StepRecord folded = completed(1, 1, "\"old\"");
    StepRecord second = completed(1, 2, "\"second\"");
    StepRecord third = completed(1, 3, "\"third\"");
    StepRecord fresh = completed(2, 1, "\"fresh\"");
    List<StepRecord> latest = StepLog.latest(List.of(folded), List.of(second, fresh, third), StepRecord::position);
    assertThat(latest).containsExactly(third, fresh);
    assertThat(StepLog.latest(List.of(folded), List.of(), StepRecord::position)).containsExactly(folded);
  }

  @Test
  void aHistoryTooLongForOneSqliteValueIsReadRowByRow_withTheSameRecords() throws Exception {
    Path db = dir.resolve("toobig.db");
    try (SqliteWorkflowStore store = open(db)) {
      claim(store, "w");
      int steps = StepLog.FOLD_EVERY + 200;
      for (int i = 1; i <= steps; i++) {
        store.stepFinished("w", "owner", completed(i, 1, "\"" + "x".repeat(40) + i + "\""));
      }
      List<RecordedStep> expected = store.replayHistory("w");
      assertThat(expected).hasSize(steps);

      // SQLite's limit on one value is a gigabyte; a history that large takes minutes to build, so
      // the read connection's limit is lowered instead, below the JSON of either place's rows.
      Field field = SqliteWorkflowStore.class.getDeclaredField("connections");
      field.setAccessible(true);
      SQLiteConnection reader = ((SqliteConnections) field.get(store)).reader().unwrap(SQLiteConnection.class);
      reader.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, 10_000);
      try (Statement s = reader.createStatement()) {
        assertThatThrownBy(() -> s.executeQuery("SELECT json_group_array(output_json) FROM durable_steps").next())
            .as("the one-statement read cannot build this history any more")
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("TOOBIG");
      }

      assertThat(store.replayHistory("w")).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
