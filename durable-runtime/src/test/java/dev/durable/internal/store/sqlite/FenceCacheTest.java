package dev.durable.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.internal.store.Claim;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a batch may skip the SQL owner fence: only inside a transaction, and only while no other
 * connection has committed and this store has not changed ownership itself.
 */
class FenceCacheTest {
  @TempDir Path dir;
  private Connection writer;
  private FenceCache cache;
  private GroupCommitter committer;

  @BeforeEach
  void open() throws SQLException {
    writer = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("f.db"));
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("CREATE TABLE t (v TEXT)");
    }
    cache = new FenceCache(writer);
    committer = new GroupCommitter(writer, new SqliteErrors(dir.resolve("f.db"), Duration.ofSeconds(5)), true, cache);
  }

  @AfterEach
  void close() throws SQLException {
    committer.close();
    writer.close();
  }

  private boolean ownsInABatch() {
    return committer.submit("probe", false, () -> cache.owns("w", "a"));
  }

  private void checkInABatch() {
    committer.submit("check", false, () -> {
      cache.checked("w", "a");
      return null;
    });
  }

  @Test
  void aCheckHoldsInLaterTransactionsUntilAnotherConnectionCommits() throws SQLException {
    checkInABatch();
    assertThat(ownsInABatch()).isTrue();
    committer.submit("own write", false, () -> {
      try (Statement s = writer.createStatement()) {
        s.execute("INSERT INTO t VALUES ('this store')");
      }
      return null;
    });
    assertThat(ownsInABatch()).as("this connection's own commits change nothing").isTrue();

    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("f.db"));
        Statement s = other.createStatement()) {
      s.execute("INSERT INTO t VALUES ('another engine')");
    }
    assertThat(ownsInABatch()).as("another connection committed: it may have taken the workflow over").isFalse();
    checkInABatch();
    assertThat(ownsInABatch()).isTrue();
  }

  @Test
  void nothingIsSkippedOutsideATransaction_afterARollback_orAfterThisStoreChangesOwnership() {
    checkInABatch();
    assertThat(cache.owns("w", "a")).as("no transaction, no lock between check and write").isFalse();
    assertThat(cache.owns("w", "b")).isFalse();

    assertThatThrownBy(() -> committer.submit("claim that fails", false, () -> {
      cache.checked("w", "a");
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThat(ownsInABatch()).as("checked in a transaction that rolled back").isFalse();

    checkInABatch();
    committer.submit("claim", false, () -> {
      cache.forget();
      return null;
    });
    assertThat(ownsInABatch()).isFalse();
  }

  @Test
  void anEngineWhoseWorkflowWasTakenOverCannotWriteToItWhileItsOtherWorkflowsShareCommits() throws Exception {
    Path db = dir.resolve("two.db");
    OwnerLiveness aIsGone = owner -> !owner.equals("a");
    try (SqliteWorkflowStore a = SqliteWorkflowStore.open(db, dev.durable.Durability.SURVIVES_POWER_LOSS,
            Duration.ofSeconds(5), false, owner -> true);
        SqliteWorkflowStore b = SqliteWorkflowStore.open(db, dev.durable.Durability.SURVIVES_POWER_LOSS,
            Duration.ofSeconds(5), false, aIsGone)) {
      for (String id : new String[] {"w", "busy-0", "busy-1", "busy-2", "busy-3"}) {
        a.claim(new NewWorkflow(id, "Flow", "x.Flow", "run()", "[]", null), "a", 0, Long.MAX_VALUE, true);
      }
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
      java.util.List<Thread> busy = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String id = "busy-" + t;
        Thread thread = new Thread(() -> {
          for (int i = 1; !stop.get(); i++) {
            a.stepFinished(id, "a", step(i));
            writes.incrementAndGet();
          }
        });
        thread.start();
        busy.add(thread);
      }
      try {
        long commitsBefore = a.commits();
        long writesBefore = writes.get();
        for (int i = 1; i <= 300; i++) {
          a.stepFinished("w", "a", step(i));
        }
        assertThat(a.commits() - commitsBefore).as("the steps shared commits, so batches checked the fence")
            .isLessThan((writes.get() - writesBefore + 300) / 2);
        // Another engine takes w over (it sees a as gone), between two of a's batches.
        assertThat(b.claim(new NewWorkflow("w", "Flow", "x.Flow", "run()", "[]", null), "b", 0, Long.MAX_VALUE, true)
            .kind()).isEqualTo(Claim.Kind.RESUMED);
        for (int i = 301; i <= 310; i++) {
          int position = i;
          assertThatThrownBy(() -> a.stepFinished("w", "a", step(position)))
              .isInstanceOf(dev.durable.LeaseLostException.class).hasMessageContaining("no longer owns workflow 'w'");
        }
      } finally {
        stop.set(true);
        for (Thread thread : busy) {
          thread.join();
        }
      }
      assertThat(b.history("w")).hasSize(300).noneMatch(s -> Integer.parseInt(s.position()) > 300);
    }
  }

  private static StepRecord step(int position) {
    return new StepRecord(Integer.toString(position), "step", StepStatus.COMPLETED, 1, "1", 1, 2L);
  }
}
