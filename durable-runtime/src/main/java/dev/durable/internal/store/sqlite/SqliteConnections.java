package dev.durable.internal.store.sqlite;

import dev.durable.DurableStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Opens a Durable database: checks the file before anything is written ({@link SqliteFileCheck}),
 * sets WAL mode and full sync, and creates or migrates the schema in one transaction. The store
 * writes on one connection and reads on the other, so that lookups never wait for a commit.
 */
record SqliteConnections(Connection writer, Connection reader) {

  /**
   * Opens (creating if missing) the database at {@code file}, an absolute path, after checking that
   * it is a Durable database this version understands; migrates an older schema in place.
   *
   * @param shareAllowed whether a file holding another application's tables may be used
   */
  static SqliteConnections open(Path file, Duration lockTimeout, boolean shareAllowed, SqliteErrors errors) {
    SqliteFileCheck.checkHeader(file);
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new DurableStoreException(file, "Cannot create the directory of Durable database " + file + ": " + e + ". Fix: check the path and its permissions.", e);
    }
    Connection writer = null;
    Connection reader = null;
    try {
      writer = connect(file, lockTimeout);
      SqliteFileCheck check = SqliteFileCheck.inspect(file, writer, shareAllowed, errors);
      try (Statement s = writer.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      }
      migrate(writer, check);
      reader = connect(file, lockTimeout);
      return new SqliteConnections(writer, reader);
    } catch (SQLException e) {
      DurableStoreException error = errors.translate("opening the database", e);
      closeAfter(error, reader, writer);
      throw error;
    } catch (RuntimeException e) {
      closeAfter(e, reader, writer);
      throw e;
    }
  }

  private static Connection connect(Path file, Duration lockTimeout) throws SQLException {
    Properties p = new Properties();
    p.setProperty("busy_timeout", Long.toString(lockTimeout.toMillis()));
    // sqlite-jdbc otherwise runs "SELECT last_insert_rowid()" as a separate statement after every
    // INSERT, for getGeneratedKeys(), which the engine never calls: a quarter of a step's SQL time.
    p.setProperty("jdbc.get_generated_keys", "false");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, p);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + lockTimeout.toMillis());
    }
    return c;
  }

  private static void migrate(Connection c, SqliteFileCheck check) throws SQLException {
    if (check.state() == SqliteFileCheck.State.DURABLE && check.version() == SqliteSchema.CURRENT_VERSION) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        // Re-read inside the write transaction: another process may have created or migrated it meanwhile.
        int version = 0;
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'durable_schema'")) {
          if (rs.next() && rs.getInt(1) == 1) {
            try (ResultSet v = s.executeQuery("SELECT version FROM durable_schema")) {
              version = v.next() ? v.getInt(1) : 0;
            }
          }
        }
        if (version < SqliteSchema.CURRENT_VERSION) {
          if (version == 0 && check.state() == SqliteFileCheck.State.NEW) {
            s.execute("PRAGMA application_id = " + SqliteSchema.APPLICATION_ID);
          }
          SqliteSchema.migrate(c, version);
        }
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    }
  }

  /** Closes both connections after {@code error}, to which a failure to close is added. */
  void closeAfter(Exception error) {
    closeAfter(error, reader, writer);
  }

  private static void closeAfter(Exception error, Connection... connections) {
    for (Connection c : connections) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          error.addSuppressed(e);
        }
      }
    }
  }

  /** Closes both connections; the first failure is added to {@code failure}, or becomes it. */
  DurableStoreException close(DurableStoreException failure, SqliteErrors errors) {
    for (Connection c : List.of(reader, writer)) {
      try {
        c.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure = errors.translate("closing the database", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }
}
