package dev.durable.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Row 2e: the same step rows as {@link RawInserts}, written by N threads (one per "workflow", of
 * the kind row 2 runs its workflows on) through the smallest group commit there is: each thread
 * queues its row and either takes the lock, commits everything queued in one synced transaction and
 * unparks the writers it committed, or parks until a committer unparks it. No engine, no waiting for
 * a batch to fill, no fold. It shows what one thread per workflow can reach on this machine before
 * the engine adds anything: the thread hand-offs and run-queue delays that row 2d leaves out.
 */
final class RawGroupCommit {
  private static final class Pending {
    final Thread thread = Thread.currentThread();
    final String workflowId;
    final int index;
    volatile boolean done;
    SQLException failure;

    Pending(String workflowId, int index) {
      this.workflowId = workflowId;
      this.index = index;
    }
  }

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final PreparedStatement insert;
  private final PreparedStatement begin;
  private final PreparedStatement commit;
  private final PreparedStatement rollback;

  private RawGroupCommit(Connection connection) throws SQLException {
    insert = connection.prepareStatement(RawInserts.INSERT);
    begin = connection.prepareStatement("BEGIN IMMEDIATE");
    commit = connection.prepareStatement("COMMIT");
    rollback = connection.prepareStatement("ROLLBACK");
  }

  /** Rows per second that {@code threads} threads of {@code kind}, {@code rowsEach} rows apiece, make durable. */
  static double rowsPerSecond(Path db, WorkflowThreads kind, int threads, int rowsEach) {
    try (Connection c = RawInserts.connect(db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      }
      return new RawGroupCommit(c).run(kind, threads, rowsEach);
    } catch (SQLException e) {
      throw new IllegalStateException("raw group commit baseline failed on " + db, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the raw group commit", e);
    }
  }

  private double run(WorkflowThreads kind, int threads, int rowsEach) throws InterruptedException, SQLException {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    AtomicReference<SQLException> failure = new AtomicReference<>();
    String prefix = "group-" + System.nanoTime() + "-";
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String workflowId = prefix + t;
      Thread thread = kind.unstarted("bench-raw-group-" + t, () -> {
        try {
          start.await();
          for (int i = 0; i < rowsEach; i++) {
            write(workflowId, i);
          }
        } catch (SQLException e) {
          failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      });
      thread.start();
      started.add(thread);
    }
    long t0 = System.nanoTime();
    start.countDown();
    done.await();
    long elapsed = System.nanoTime() - t0;
    for (Thread thread : started) {
      thread.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return threads * (double) rowsEach / (elapsed / 1e9);
  }

  /** Returns once the row is committed, by this thread or by whichever held the lock. */
  private void write(String workflowId, int index) throws SQLException {
    Pending mine = new Pending(workflowId, index);
    queue.add(mine);
    while (!mine.done) {
      if (lock.tryLock()) {
        List<Pending> batch = new ArrayList<>();
        try {
          for (Pending p; (p = queue.poll()) != null; ) {
            batch.add(p);
          }
          commit(batch);
        } finally {
          lock.unlock();
          // The next committer, if rows arrived meanwhile, then everyone whose row this commit held.
          Pending next = queue.peek();
          if (next != null) {
            LockSupport.unpark(next.thread);
          }
          for (Pending p : batch) {
            p.done = true;
            LockSupport.unpark(p.thread);
          }
        }
      } else {
        LockSupport.park(this);
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  private void commit(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      begin.execute();
      for (Pending p : batch) {
        RawInserts.insert(insert, p.workflowId, p.index);
      }
      commit.execute();
    } catch (SQLException e) {
      try {
        rollback.execute();
      } catch (SQLException again) {
        e.addSuppressed(again);
      }
      for (Pending p : batch) {
        p.failure = e;
      }
    }
  }
}
