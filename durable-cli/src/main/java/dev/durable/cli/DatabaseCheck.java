package dev.durable.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Refuses, before the engine opens it, a path that is not a Durable database. The engine would
 * create a database at a missing path and take an empty file as a new one; a command that only
 * looks must do neither. So the file must exist, start with SQLite's header, and hold a {@code
 * durable_schema} table, read through a read-only connection that writes nothing (no journal, no
 * log) to a file it refuses. What is left (a newer schema, a truncated file) the engine refuses.
 */
final class DatabaseCheck {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  /** How long the check waits for an application's write lock on a file in rollback-journal mode. */
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private DatabaseCheck() {}

  /** @throws CliException naming the file, what it is, and the fix */
  static void requireDurableDatabase(Path file) {
    if (!Files.exists(file)) {
      throw new CliException(Messages.noSuchFile(file));
    }
    if (Files.isDirectory(file)) {
      throw new CliException(Messages.directory(file));
    }
    byte[] header;
    try (InputStream in = Files.newInputStream(file)) {
      header = in.readNBytes(MAGIC.length);
    } catch (IOException e) {
      throw new CliException(Messages.unreadable(file, e), e);
    }
    if (header.length == 0) {
      throw new CliException(Messages.empty(file));
    }
    if (!Arrays.equals(header, MAGIC)) {
      throw new CliException(Messages.notSqlite(file));
    }
    List<String> tables = tables(file);
    if (!tables.contains("durable_schema")) {
      throw new CliException(Messages.notDurable(file, tables));
    }
  }

  private static List<String> tables(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    List<String> tables = new ArrayList<>();
    try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new CliException(Messages.sqliteRefused(file, e), e);
    }
    return tables;
  }
}
