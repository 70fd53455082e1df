package dev.durable.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableStoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code Error} thrown anywhere inside a commit (a request's work, right after BEGIN, at COMMIT,
 * after COMMIT) must leave no transaction open and no writer parked, and must never let a write be
 * reported committed that is not. Before these were handled, an {@code OutOfMemoryError} in one
 * request left the write lock held and the batch's other writers waiting for ever.
 */
class GroupCommitterErrorTest {
  @TempDir Path dir;
  private Connection connection;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("g.db"));
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("CREATE TABLE t (v TEXT)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    pool.shutdownNow();
    connection.close();
  }

  @Test
  void anErrorInOneRequestsWork_failsThatRequestOnly_andTheRestOfItsBatchCommits() throws Exception {
    GroupCommitter committer = committer(connection, GroupCommitter.TransactionListener.NONE);
    List<Future<Object>> batch = batch(committer,
        () -> insert("good1"),
        () -> {
          insert("oom");
          throw new OutOfMemoryError("simulated while binding a large result");
        },
        () -> insert("good2"));

    assertThat(batch.get(0).get(10, TimeUnit.SECONDS)).isNull();
    assertThat(failure(batch.get(1))).isInstanceOf(OutOfMemoryError.class);
    assertThat(batch.get(2).get(10, TimeUnit.SECONDS)).isNull();
    assertThat(committedRows()).as("the failed request's own insert was rolled back").containsExactly("good1", "good2", "holder");
    assertUsableAfterwards(committer);
  }

  @Test
  void anErrorInALoneAutocommittedWrite_reachesItsWriter_andTheNextWriteCommits() throws Exception {
    GroupCommitter committer = committer(connection, GroupCommitter.TransactionListener.NONE);
    assertThatThrownBy(() -> committer.submitOneStatement(() -> "deep write", true, () -> {
      throw new StackOverflowError("simulated");
    })).isInstanceOf(StackOverflowError.class);
    assertUsableAfterwards(committer);
  }

  @Test
  void anErrorRightAfterBegin_failsEveryRequestOfTheBatch_rollsBack_andHangsNobody() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    GroupCommitter committer = committer(connection, new GroupCommitter.TransactionListener() {
      @Override
      public void begun() {
        if (calls.incrementAndGet() == 2) {
          throw new StackOverflowError("simulated: the leading writer is a deep workflow thread");
        }
      }

      @Override
      public void ended(boolean committed) {}
    });
    List<Future<Object>> batch = batch(committer, () -> insert("a"), () -> insert("b"), () -> insert("c"));

    for (Future<Object> f : batch) {
      Throwable failure = failure(f);
      assertThat(failure).isInstanceOf(DurableStoreException.class).hasMessageContaining("rolled back")
          .hasCauseInstanceOf(StackOverflowError.class);
    }
    assertThat(committedRows()).containsExactly("holder");
    assertUsableAfterwards(committer);
  }

  @Test
  void anErrorAtCommit_failsEveryRequestOfTheBatch_andNoneOfItsRowsIsCommitted() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    GroupCommitter committer = committer(failingCommits(connection, calls), GroupCommitter.TransactionListener.NONE);
    List<Future<Object>> batch = batch(committer, () -> insert("a"), () -> insert("b"));

    for (Future<Object> f : batch) {
      assertThat(failure(f)).isInstanceOf(DurableStoreException.class).hasCauseInstanceOf(OutOfMemoryError.class);
    }
    assertThat(committedRows()).containsExactly("holder");
    assertUsableAfterwards(committer);
  }

  @Test
  void anErrorAfterTheCommit_neverTurnsCommittedWritesIntoFailures() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    GroupCommitter committer = committer(connection, new GroupCommitter.TransactionListener() {
      @Override
      public void begun() {}

      @Override
      public void ended(boolean committed) {
        if (committed && calls.incrementAndGet() == 2) {
          throw new OutOfMemoryError("simulated after COMMIT");
        }
      }
    });
    List<Future<Object>> batch = batch(committer, () -> insert("a"), () -> insert("b"), () -> insert("c"));

    int reported = 0;
    for (Future<Object> f : batch) {
      try {
        f.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // The leader that ran the listener sees the error; its write is committed all the same.
        assertThat(e.getCause()).isInstanceOf(OutOfMemoryError.class);
        reported++;
      }
    }
    assertThat(reported).as("writers that saw the listener's error").isLessThanOrEqualTo(1);
    assertThat(committedRows()).containsExactly("a", "b", "c", "holder");
    assertUsableAfterwards(committer);
  }

  private GroupCommitter committer(Connection c, GroupCommitter.TransactionListener listener) throws SQLException {
    return new GroupCommitter(c, new SqliteErrors(dir.resolve("g.db"), Duration.ofSeconds(5)), true, listener);
  }

  /**
   * Submits {@code works} so that they share one batch, the second transaction of {@code committer}:
   * a holder write keeps the lock, inside the first transaction, while all of them queue up.
   */
  @SafeVarargs
  private List<Future<Object>> batch(GroupCommitter committer, GroupCommitter.Work<Object>... works) throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> holder = pool.submit(() -> committer.submit("holder", true, () -> {
      inside.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return insert("holder");
    }));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < works.length; i++) {
      GroupCommitter.Work<Object> work = works[i];
      String action = "write " + i;
      futures.add(pool.submit(() -> committer.submit(action, true, work)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (committer.queuedRequests() < works.length) {
      assertThat(System.nanoTime()).as("all writes queued behind the holder").isLessThan(deadline);
      Thread.onSpinWait();
    }
    release.countDown();
    holder.get(10, TimeUnit.SECONDS);
    return futures;
  }

  private Object insert(String value) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("INSERT INTO t (v) VALUES ('" + value + "')");
    }
    return null;
  }

  private static Throwable failure(Future<Object> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the write to fail");
  }

  /** What another connection sees committed, sorted. */
  private List<String> committedRows() throws SQLException {
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("g.db"));
        Statement s = other.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM t ORDER BY v")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return rows;
    }
  }

  /** No transaction was left open (another connection can write at once), and the committer still commits. */
  private void assertUsableAfterwards(GroupCommitter committer) throws SQLException {
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("g.db"));
        Statement s = other.createStatement()) {
      s.execute("PRAGMA busy_timeout = 2000");
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO t (v) VALUES ('other')");
      s.execute("COMMIT");
    }
    committer.submit("after", true, () -> insert("after"));
    assertThat(committedRows()).contains("after", "other");
  }

  /** {@code c}, whose prepared COMMIT throws an OutOfMemoryError the second time it runs. */
  private static Connection failingCommits(Connection c, AtomicInteger calls) {
    return (Connection) Proxy.newProxyInstance(GroupCommitterErrorTest.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          Object result = invoke(c, method, args);
          if (method.getName().equals("prepareStatement") && "COMMIT".equals(args[0])) {
            PreparedStatement real = (PreparedStatement) result;
            return Proxy.newProxyInstance(GroupCommitterErrorTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                  if (m.getName().equals("execute") && calls.incrementAndGet() == 2) {
                    throw new OutOfMemoryError("simulated at COMMIT");
                  }
                  return invoke(real, m, a);
                });
          }
          return result;
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
