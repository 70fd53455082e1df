package dev.durable.bench;

import dev.durable.DurableEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The physical floor: plain sqlite-jdbc, one autocommitted single-row INSERT per "step", into the
 * engine's own step table of a database the engine created (so the row, the table and its primary
 * key index are exactly what the engine writes for a completed step), in WAL mode with the given
 * {@code synchronous} setting.
 */
final class RawInserts {
  private RawInserts() {}

  /** A fresh database with the engine's schema, closed. */
  static void createSchema(Path db) {
    DurableEngine.open(db).close();
  }

  /** Nanoseconds per insert, over {@code count} autocommitted inserts. */
  static double nanosPerInsert(Path db, String synchronous, int count) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = " + synchronous);
      }
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO durable_steps (workflow_id, position, step_name, status, attempts, output_json, started_at, finished_at)"
              + " VALUES (?, ?, 'step', 'COMPLETED', 1, ?, ?, ?)")) {
        String id = "raw-" + System.nanoTime();
        long t0 = System.nanoTime();
        for (int i = 1; i <= count; i++) {
          long now = System.currentTimeMillis();
          insert.setString(1, id);
          insert.setString(2, Integer.toString(i));
          insert.setString(3, Integer.toString(i - 1));
          insert.setLong(4, now);
          insert.setLong(5, now);
          insert.executeUpdate();
        }
        return (System.nanoTime() - t0) / (double) count;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("raw insert baseline failed on " + db, e);
    }
  }
}
