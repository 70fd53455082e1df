package dev.durable.internal.store;

import dev.durable.DurableStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs every write of the store on one connection, and lets concurrent writers share a commit.
 *
 * <p>A writer enqueues its work and takes the lock. Whoever holds the lock drains the queue, applies
 * everything in one transaction and commits once; the writers whose work went into that commit find
 * it done when they get the lock and return at once. While one commit syncs, the next batch gathers,
 * so N concurrent steps cost far fewer than N syncs, and a lone step costs exactly one.
 *
 * <p>A batch is synced ({@code synchronous=FULL}) only if one of its writes asked for durability;
 * bookkeeping writes alone use {@code NORMAL}, which writes to the OS without waiting for the disk
 * but keeps checkpoints safe. Work that fails is taken out and the rest of its batch is retried, so
 * one bad write never takes others down with it.
 */
final class GroupCommitter {
  /** A unit of work applied inside the shared transaction. */
  @FunctionalInterface
  interface Work<T> {
    T apply() throws SQLException;
  }

  private static final int MAX_BATCH = 512;

  private final ConcurrentLinkedQueue<Request<?>> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection;
  private final SqliteErrors errors;
  private final PreparedStatement begin;
  private final PreparedStatement commit;
  private final PreparedStatement rollback;
  private final PreparedStatement syncDurable;
  private final PreparedStatement syncRelaxed;
  private final boolean durableCommitsSync;
  private Boolean lastSynced;

  GroupCommitter(Connection connection, SqliteErrors errors, boolean durableCommitsSync) throws SQLException {
    this.connection = connection;
    this.errors = errors;
    this.durableCommitsSync = durableCommitsSync;
    this.begin = connection.prepareStatement("BEGIN IMMEDIATE");
    this.commit = connection.prepareStatement("COMMIT");
    this.rollback = connection.prepareStatement("ROLLBACK");
    this.syncDurable = connection.prepareStatement("PRAGMA synchronous = FULL");
    this.syncRelaxed = connection.prepareStatement("PRAGMA synchronous = NORMAL");
  }

  /**
   * Applies {@code work} in a transaction and returns once it is committed (and, if {@code durable},
   * synced to disk).
   *
   * @param action what the work does, for error messages
   */
  <T> T submit(String action, boolean durable, Work<T> work) {
    Request<T> request = new Request<>(action, durable, work);
    queue.add(request);
    lock.lock();
    try {
      while (!request.done) {
        commitBatch();
      }
    } finally {
      lock.unlock();
    }
    if (request.failure != null) {
      throw request.failure;
    }
    return request.result;
  }

  /** Runs {@code work} alone under the write lock, outside any batch, for maintenance. */
  <T> T exclusive(Work<T> work) throws SQLException {
    lock.lock();
    try {
      return work.apply();
    } finally {
      lock.unlock();
    }
  }

  private void commitBatch() {
    List<Request<?>> pending = new ArrayList<>();
    for (Request<?> r; pending.size() < MAX_BATCH && (r = queue.poll()) != null; ) {
      pending.add(r);
    }
    while (!pending.isEmpty()) {
      boolean durable = pending.stream().anyMatch(r -> r.durable);
      int failedAt = -1;
      RuntimeException failure = null;
      try {
        setSynced(durable && durableCommitsSync);
        begin.execute();
        for (int i = 0; i < pending.size() && failedAt < 0; i++) {
          try {
            pending.get(i).run();
          } catch (SQLException e) {
            failedAt = i;
            failure = errors.translate(pending.get(i).action, e);
          } catch (RuntimeException e) {
            failedAt = i;
            failure = e;
          }
        }
        if (failedAt >= 0) {
          rollback.execute();
          pending.remove(failedAt).fail(failure);
          continue;
        }
        commit.execute();
        pending.forEach(Request::succeed);
        pending.clear();
      } catch (SQLException e) {
        DurableStoreException error = errors.translate(describe(pending), e);
        rollbackAfter(error);
        pending.forEach(r -> r.fail(error));
        pending.clear();
      }
    }
  }

  private void setSynced(boolean synced) throws SQLException {
    if (lastSynced == null || lastSynced != synced) {
      (synced ? syncDurable : syncRelaxed).execute();
      lastSynced = synced;
    }
  }

  /** After a failed BEGIN or COMMIT SQLite may or may not have ended the transaction; make sure. */
  private void rollbackAfter(DurableStoreException error) {
    try {
      rollback.execute();
    } catch (SQLException e) {
      // "cannot rollback - no transaction is active" means SQLite already rolled back: expected.
      if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
        error.addSuppressed(e);
      }
    }
  }

  private static String describe(List<Request<?>> pending) {
    return pending.size() == 1 ? pending.get(0).action : pending.get(0).action + " (and " + (pending.size() - 1) + " other writes)";
  }

  void close() throws SQLException {
    for (PreparedStatement s : List.of(begin, commit, rollback, syncDurable, syncRelaxed)) {
      s.close();
    }
  }

  private static final class Request<T> {
    final String action;
    final boolean durable;
    final Work<T> work;
    T result;
    RuntimeException failure;
    volatile boolean done;

    Request(String action, boolean durable, Work<T> work) {
      this.action = action;
      this.durable = durable;
      this.work = work;
    }

    void run() throws SQLException {
      result = work.apply();
    }

    void succeed() {
      done = true;
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
    }
  }
}
