package dev.durable.bench;

import dev.durable.DurableEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The physical floor: plain sqlite-jdbc, one autocommitted single-row INSERT per "step", into the
 * table the engine appends a completed step to (its step log), of a database the engine created, so
 * the row and the table are exactly what the engine writes; in WAL mode with the given {@code
 * synchronous} setting.
 */
final class RawInserts {
  static final String INSERT =
      "INSERT INTO durable_step_log (workflow_id, position, step_name, status, attempts, output_json, started_at, finished_at)"
          + " VALUES (?, ?, 'step', 'COMPLETED', 1, ?, ?, ?)";

  private RawInserts() {}

  /** A connection as plain as the engine's: no generated-keys query after each INSERT (see the store). */
  static Connection connect(Path db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("jdbc.get_generated_keys", "false");
    return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), p);
  }

  /** A fresh database with the engine's schema, closed. */
  static void createSchema(Path db) {
    DurableEngine.open(db).close();
  }

  /** Inserts the row a completed step {@code index} (position index + 1) of workflow {@code id} has. */
  static void insert(PreparedStatement insert, String id, int index) throws SQLException {
    long now = System.currentTimeMillis();
    insert.setString(1, id);
    insert.setString(2, Integer.toString(index + 1));
    insert.setString(3, Integer.toString(index));
    insert.setLong(4, now);
    insert.setLong(5, now);
    insert.executeUpdate();
  }

  /**
   * Rows per second committed by one thread that inserts {@code rowsPerCommit} rows (one per
   * workflow, as concurrent workflows' steps arrive) per synced transaction: what the store could
   * reach with no engine and no thread hand-offs at all.
   */
  static double rowsPerSecond(Path db, int rowsPerCommit, int total) {
    try (Connection c = connect(db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      }
      try (PreparedStatement insert = c.prepareStatement(INSERT);
          PreparedStatement begin = c.prepareStatement("BEGIN IMMEDIATE");
          PreparedStatement commit = c.prepareStatement("COMMIT")) {
        String prefix = "ceiling-" + System.nanoTime() + "-";
        int commits = total / rowsPerCommit;
        long t0 = System.nanoTime();
        for (int k = 0; k < commits; k++) {
          if (rowsPerCommit > 1) {
            begin.execute();
          }
          for (int w = 0; w < rowsPerCommit; w++) {
            insert(insert, prefix + w, k);
          }
          if (rowsPerCommit > 1) {
            commit.execute();
          }
        }
        return commits * (double) rowsPerCommit / ((System.nanoTime() - t0) / 1e9);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("raw batched insert baseline failed on " + db, e);
    }
  }

  /** Nanoseconds per insert, over {@code count} autocommitted inserts. */
  static double nanosPerInsert(Path db, String synchronous, int count) {
    try (Connection c = connect(db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = " + synchronous);
      }
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        String id = "raw-" + System.nanoTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
          insert(insert, id, i);
        }
        return (System.nanoTime() - t0) / (double) count;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("raw insert baseline failed on " + db, e);
    }
  }
}
