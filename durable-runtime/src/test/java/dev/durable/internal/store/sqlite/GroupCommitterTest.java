package dev.durable.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {
  @TempDir Path dir;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("g.db"));
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = FULL");
      s.execute("CREATE TABLE t (v TEXT)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private GroupCommitter committer(boolean durableCommitsSync) throws SQLException {
    return new GroupCommitter(connection, new SqliteErrors(dir.resolve("g.db"), Duration.ofSeconds(5)), durableCommitsSync);
  }

  /** The synchronous level of the transaction the work runs in: 2 is FULL (synced), 1 NORMAL. */
  private int levelOf(GroupCommitter committer, boolean durable) {
    return committer.submit("probe", durable, () -> {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  @Test
  void everyDurableBatchIsSynced_fromTheFirstOneOn_andBookkeepingIsNot() throws SQLException {
    // A regression test: a PRAGMA kept as a prepared statement is a no-op on its first execution,
    // which once left the first durable commit after opening unsynced.
    GroupCommitter committer = committer(true);
    assertThat(levelOf(committer, false)).isEqualTo(1);
    assertThat(levelOf(committer, true)).isEqualTo(2);
    assertThat(levelOf(committer, true)).isEqualTo(2);
    assertThat(levelOf(committer, false)).isEqualTo(1);
    assertThat(levelOf(committer, true)).isEqualTo(2);
    committer.close();

    GroupCommitter fresh = committer(true);
    assertThat(levelOf(fresh, true)).as("first write of a new committer").isEqualTo(2);
    fresh.close();
  }

  @Test
  void aLoneSingleStatementWriteRunsAutocommitted_atTheSameSynchronousLevel() throws SQLException {
    GroupCommitter committer = committer(true);
    int[] level = new int[1];
    boolean[] inTransaction = new boolean[1];
    committer.submitOneStatement(() -> "write", true, () -> {
      level[0] = levelOfConnection();
      inTransaction[0] = inExplicitTransaction();
      return insert("alone");
    });
    assertThat(level[0]).isEqualTo(2);
    assertThat(inTransaction[0]).as("no BEGIN around a lone single-statement write").isFalse();
    assertThat(committer.commits()).isEqualTo(1);
    committer.close();
  }

  private int levelOfConnection() throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Whether a BEGIN is open: a nested BEGIN then fails. */
  private boolean inExplicitTransaction() {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN");
      s.execute("COMMIT");
      return false;
    } catch (SQLException e) {
      return true;
    }
  }

  @Test
  void survivesProcessCrashMode_neverSyncs() throws SQLException {
    GroupCommitter committer = committer(false);
    assertThat(levelOf(committer, true)).isEqualTo(1);
    assertThat(levelOf(committer, false)).isEqualTo(1);
    committer.close();
  }

  @Test
  void writersThatQueueBehindACommitShareTheNextOne() throws Exception {
    GroupCommitter committer = committer(true);
    int writers = 10;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      CountDownLatch leaderInside = new CountDownLatch(1);
      Future<?> leader = pool.submit(() -> committer.submit("slow", true, () -> {
        leaderInside.countDown();
        try {
          // Holds the batch open long enough for every other writer to queue up behind it.
          Thread.sleep(500);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return insert("leader");
      }));
      assertThat(leaderInside.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<?>> others = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String value = "w" + i;
        others.add(pool.submit(() -> committer.submit("write " + value, true, () -> insert(value))));
      }
      leader.get(10, TimeUnit.SECONDS);
      for (Future<?> f : others) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(committer.commits()).as("the slow write's commit, then one for all ten that waited").isEqualTo(2);
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(writers + 1);
    }
    committer.close();
  }

  @Test
  void manyConcurrentWritersAllReturn_eachWokenThroughTheTreeOfItsCommit() throws Exception {
    GroupCommitter committer = committer(false);
    int writers = 48;
    int each = 150;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String prefix = "w" + w + "-";
        futures.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            String value = prefix + i;
            committer.submit("write " + value, true, () -> insert(value));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        // A writer that nobody woke would park forever; the timeout turns that into a failure.
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(writers * each);
    }
    assertThat(committer.commits()).as("commits were shared").isLessThan(writers * each);
    committer.close();
  }

  @Test
  void aWriterSeesItsRequestDoneOnlyOnceEveryRequestItWakesIsDone() throws Exception {
    // The wake-up tree relies on this: a writer that happens to be awake sees its request done the
    // moment the leader marks it, and at once wakes its children in the tree. A child not yet marked
    // done then parks again, and nobody wakes it a second time. Marking first to last hung a writer
    // about once in two million writes with 16 threads; here a watcher thread plays the awake writer
    // of the tree's root and checks every later request the moment it sees the root done.
    int rounds = 2_000;
    int size = 16;
    AtomicReference<List<GroupCommitter.Request<?>>> published = new AtomicReference<>();
    AtomicInteger ready = new AtomicInteger(-1);
    AtomicInteger violations = new AtomicInteger();
    Thread watcher = new Thread(() -> {
      for (int round = 0; round < rounds; round++) {
        List<GroupCommitter.Request<?>> requests;
        while ((requests = published.get()) == null) {
          Thread.onSpinWait();
        }
        published.set(null);
        ready.set(round);
        GroupCommitter.Request<?> root = requests.get(0);
        while (!root.done) {
          Thread.onSpinWait();
        }
        for (GroupCommitter.Request<?> later : requests) {
          if (!later.done) {
            violations.incrementAndGet();
            break;
          }
        }
      }
    }, "awake-writer");
    watcher.start();
    for (int round = 0; round < rounds; round++) {
      List<GroupCommitter.Request<?>> requests = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        requests.add(new GroupCommitter.Request<Void>(() -> "write", true, true, () -> null));
      }
      published.set(requests);
      while (ready.get() != round) {
        Thread.onSpinWait();
      }
      GroupCommitter.Request.succeedAll(new ArrayList<>(), requests);
    }
    watcher.join(30_000);
    assertThat(watcher.isAlive()).isFalse();
    assertThat(violations.get()).as("rounds where the root was seen done before a request it wakes").isZero();
  }

  @Test
  void aFailingWriteIsTakenOut_andTheRestOfItsBatchCommits() throws Exception {
    GroupCommitter committer = committer(true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch leaderInside = new CountDownLatch(1);
      Future<?> leader = pool.submit(() -> committer.submit("slow", true, () -> {
        leaderInside.countDown();
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return insert("leader");
      }));
      assertThat(leaderInside.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?> good1 = pool.submit(() -> committer.submit("good 1", true, () -> insert("good1")));
      Future<?> bad = pool.submit(() -> committer.submit("bad", true, () -> {
        insert("bad");
        try (Statement s = connection.createStatement()) {
          s.execute("INSERT INTO no_such_table VALUES (1)");
        }
        return null;
      }));
      Future<?> good2 = pool.submit(() -> committer.submit("good 2", true, () -> insert("good2")));
      leader.get(10, TimeUnit.SECONDS);
      good1.get(10, TimeUnit.SECONDS);
      good2.get(10, TimeUnit.SECONDS);
      assertThat(bad).failsWithin(Duration.ofSeconds(10)).withThrowableThat().withMessageContaining("no_such_table");
    } finally {
      pool.shutdownNow();
    }
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v)")) {
      rs.next();
      assertThat(rs.getString(1)).as("the failed write's own insert was rolled back").isEqualTo("good1,good2,leader");
    }
    committer.close();
  }

  private Object insert(String value) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("INSERT INTO t (v) VALUES ('" + value + "')");
    }
    return null;
  }
}
