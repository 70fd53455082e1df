package dev.durable.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableEngine;
import dev.durable.testing.CountingSteps;
import dev.durable.WorkflowStatus;
import dev.durable.testing.HotJournalWorker;
import dev.durable.testing.LiveChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A database left by a process killed while creating it has a hot rollback journal beside it
 * (issue 20 E). Committed data is safe (nothing was committed yet), but only a read-write open can
 * roll the journal back: a read-only connection cannot even read the file until then. Durable's
 * engines always open read-write, a client that only reads included, so they recover such a file
 * on first use; a reader that cannot write is told what the file needs.
 */
class HotJournalTest {
  @TempDir Path dir;

  @Test
  void aFileLeftByAKillDuringCreation_isRecoveredByTheFirstEngine_andExplainedToAReadOnlyReader() throws Exception {
    Path db = dir.resolve("half.db");
    try (LiveChild creator = LiveChild.start(HotJournalWorker.class, db.toString())) {
      creator.await("#IN_TRANSACTION", 60_000);
      creator.kill();
    }
    Path journal = dir.resolve("half.db-journal");
    assertThat(journal).as("the hot journal the kill left").exists();

    SQLiteException readOnly = readOnlyFailure(db);
    assertThat(readOnly.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_READONLY_ROLLBACK);
    assertThat(new SqliteErrors(db, Duration.ofSeconds(1)).translate("listing workflows", readOnly).getMessage())
        .contains("hot journal").contains("half.db-journal").contains("opened once read-write")
        .contains("Fix: open it with an engine");

    try (DurableEngine engine = DurableEngine.open(db)) {
      assertThat(engine.workflow(CountingSteps.class, "after").run(3)).isEqualTo(3L);
      assertThat(engine.inspect("after").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
    }
    assertThat(Files.exists(journal)).as("rolled back by the engine's read-write open").isFalse();
    try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro"); var s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'half_created'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the uncommitted table was rolled back").isZero();
    }
  }

  private static SQLiteException readOnlyFailure(Path db) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> {
      try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro"); var s = c.createStatement()) {
        s.executeQuery("SELECT count(*) FROM sqlite_master").close();
      } catch (SQLException e) {
        thrown[0] = e;
        throw e;
      }
    }).isInstanceOf(SQLiteException.class);
    return (SQLiteException) thrown[0];
  }
}
