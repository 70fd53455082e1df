package dev.durable.postgres;

import dev.durable.Durability;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each store operation as one transaction on a connection of the pool: sets its lock timeout
 * and commit strength, commits before returning, rolls back on failure, announces the runs it made
 * ready when it commits, and tries again when the connection broke or the server broke a deadlock.
 *
 * <p>Retries: a transaction whose connection broke before its {@code COMMIT} was sent is rolled back
 * by the server, and one the server chose as a deadlock victim likewise, so running it again from
 * the start is always safe. A connection that broke during the {@code COMMIT} leaves its outcome
 * unknown: the next attempt is told so ({@link Tx#afterUnknownCommit}), and each operation that is
 * not idempotent by construction checks whether its first attempt was committed before it writes
 * again. Attempts go on with growing pauses for as long as the lock timeout, the longest a write is
 * allowed to wait for anything; then the last failure is reported.
 *
 * <p>Durability: under {@code SURVIVES_POWER_LOSS} a commit returns once the server has flushed it
 * (its {@code synchronous_commit} setting, {@code on} by default, is left alone); under {@code
 * SURVIVES_PROCESS_CRASH} writes commit with {@code synchronous_commit = off}, so that a crash of the
 * server's machine may lose the last fraction of a second of commits, never their order, and a crash
 * of the engine's own process loses nothing committed.
 */
final class Transactions {
  private static final Logger log = LoggerFactory.getLogger(Transactions.class);
  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long LONGEST_PAUSE_MILLIS = 1000;

  /** One attempt at an operation's transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /** The transaction an attempt runs in. */
  static final class Tx {
    private final Connection connection;
    private final boolean afterUnknownCommit;
    private final Set<String> ready = new LinkedHashSet<>();

    private Tx(Connection connection, boolean afterUnknownCommit) {
      this.connection = connection;
      this.afterUnknownCommit = afterUnknownCommit;
    }

    Connection connection() {
      return connection;
    }

    /**
     * Whether an earlier attempt lost its connection during its commit, so that what it wrote may be
     * in the database already: an operation that would not write the same thing twice checks first.
     */
    boolean afterUnknownCommit() {
      return afterUnknownCommit;
    }

    /** Announces, when this transaction commits, that the run may be taken by a worker now. */
    void madeReady(String workflowId) {
      ready.add(workflowId);
    }
  }

  private final PostgresDatabase database;
  private final PostgresErrors errors;
  private final String channel;
  private final String lockTimeout;
  private final boolean syncedByDefault;
  private final long retryNanos;

  Transactions(PostgresDatabase database, PostgresErrors errors, String channel, Duration lockTimeout,
      Durability durability) {
    this.database = database;
    this.errors = errors;
    this.channel = channel;
    this.lockTimeout = lockTimeout.toMillis() + "ms";
    this.syncedByDefault = durability == Durability.SURVIVES_POWER_LOSS;
    this.retryNanos = lockTimeout.toNanos();
  }

  /** A write whose outcome the caller reports: committed under the engine's durability. */
  <T> T write(Supplier<String> action, Work<T> work) {
    return run(action, work, true, syncedByDefault);
  }

  /**
   * A write of one statement that needs no {@link Tx#madeReady} (a step's record): on Durable's own
   * pools it runs autocommitted, one round trip, the statement being its own transaction; on an
   * application's DataSource it is a transaction as {@link #write} runs them. A connection lost while
   * it ran leaves its outcome unknown, so the next attempt is told so, as after a broken COMMIT.
   *
   * @param labelOnly a write whose loss costs only a label (a step's start): not synced
   */
  <T> T writeStatement(Supplier<String> action, Work<T> work, boolean labelOnly) {
    if (!database.sessionConfigured()) {
      return run(action, work, true, !labelOnly && syncedByDefault);
    }
    // A label needs no sync: it goes to the unsynced pool, unless the main pool does not sync anyway.
    boolean unsyncedPool = labelOnly && syncedByDefault;
    return retrying(action, (unknownCommit, sent) -> {
      try (Connection c = unsyncedPool ? database.unsyncedConnection() : database.connection()) {
        // HikariCP puts a connection's autocommit back to the pool's setting when it is returned, so
        // nothing here restores it (a restore on a broken connection would only hide the real error).
        c.setAutoCommit(true);
        sent[0] = true;
        return work.run(new Tx(c, unknownCommit));
      }
    });
  }

  /** A read, in a transaction of its own so that its statements see one another's locks. */
  <T> T read(Supplier<String> action, Work<T> work) {
    return run(action, work, false, true);
  }

  private <T> T run(Supplier<String> action, Work<T> work, boolean writes, boolean synced) {
    return retrying(action, (unknownCommit, committing) -> {
      try (Connection c = database.connection()) {
        // An application's connection may come in autocommit mode; it goes back to its pool as it came.
        boolean restoreAutoCommit = c.getAutoCommit();
        if (restoreAutoCommit) {
          c.setAutoCommit(false);
        }
        T result;
        try {
          if (writes && !(database.sessionConfigured() && synced == syncedByDefault)) {
            // Durable's own pools carry the settings of the engine's durability per session.
            settings(c, synced);
          }
          Tx tx = new Tx(c, unknownCommit);
          result = work.run(tx);
          announce(tx);
        } catch (SQLException | RuntimeException | Error e) {
          rollback(c, e);
          restore(c, restoreAutoCommit, e);
          throw e;
        }
        committing[0] = true;
        try {
          c.commit();
        } catch (SQLException e) {
          restore(c, restoreAutoCommit, e);
          throw e;
        }
        if (restoreAutoCommit) {
          c.setAutoCommit(true);
        }
        return result;
      }
    });
  }

  /**
   * One attempt at an operation. It sets {@code mayHaveCommitted[0]} once a failure could leave its
   * outcome unknown: from its {@code COMMIT} on, or from its statement on when autocommitted.
   */
  @FunctionalInterface
  private interface Attempt<T> {
    T run(boolean afterUnknownCommit, boolean[] mayHaveCommitted) throws SQLException;
  }

  /**
   * Runs attempts until one succeeds: again after a lost connection, a deadlock or a serialization
   * failure, with pauses growing from 50 ms to 1 s, for as long as the lock timeout; then the last
   * failure is reported. An attempt after one whose outcome is unknown is told so.
   */
  private <T> T retrying(Supplier<String> action, Attempt<T> attempt) {
    long deadline = System.nanoTime() + retryNanos;
    long pause = FIRST_PAUSE_MILLIS;
    boolean unknownCommit = false;
    while (true) {
      boolean[] mayHaveCommitted = {false};
      try {
        return attempt.run(unknownCommit, mayHaveCommitted);
      } catch (SQLException e) {
        if (PostgresErrors.interrupted(e) && !mayHaveCommitted[0]) {
          // The pool's driver cleared the flag when it threw; the caller's thread should still see it.
          Thread.currentThread().interrupt();
          throw errors.interrupted(action.get(), e);
        }
        boolean retryable = PostgresErrors.connectionLost(e) || PostgresErrors.rolledBackByServer(e);
        if (!retryable || System.nanoTime() + pause * 1_000_000 > deadline) {
          throw errors.translate(action.get(), e);
        }
        unknownCommit |= mayHaveCommitted[0] && PostgresErrors.connectionLost(e);
        log.debug("Durable: {} failed on {} ({}); trying again in {} ms", action.get(), errors.location(),
            e.getMessage(), pause);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          RuntimeException failure = errors.translate(action.get(), e);
          failure.addSuppressed(interrupted);
          throw failure;
        }
        pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
      }
    }
  }

  /** This transaction's lock timeout and commit strength, in one round trip, gone when it ends. */
  private void settings(Connection c, boolean synced) throws SQLException {
    String sql = synced
        ? "SELECT set_config('lock_timeout', ?, true)"
        : "SELECT set_config('lock_timeout', ?, true), set_config('synchronous_commit', 'off', true)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, lockTimeout);
      s.execute();
    }
  }

  /** Notifies listeners of the runs made ready; PostgreSQL delivers it when (and if) the transaction commits. */
  private void announce(Tx tx) throws SQLException {
    if (tx.ready.isEmpty()) {
      return;
    }
    Array ids = tx.connection.createArrayOf("text", tx.ready.toArray());
    try (PreparedStatement s = tx.connection.prepareStatement("SELECT pg_notify(?, id) FROM unnest(?) AS id")) {
      s.setString(1, channel);
      s.setArray(2, ids);
      s.execute();
    } finally {
      ids.free();
    }
  }

  /** Puts an application's connection back in autocommit mode after {@code failure}, which stays the error. */
  private static void restore(Connection c, boolean autoCommit, Throwable failure) {
    if (!autoCommit) {
      return;
    }
    try {
      if (!c.isClosed()) {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void rollback(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // A broken connection cannot roll back, but the server does when it goes; the first failure stands.
      failure.addSuppressed(e);
    }
  }
}
