package dev.durable.internal.store;

import dev.durable.DurableStoreException;
import dev.durable.IncompatibleSchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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

/**
 * Decides, before anything is written, whether a file may be used as a Durable database. A file
 * that is not SQLite, is truncated, belongs to another application, or was written by a newer
 * Durable is refused with a message naming it, and is left exactly as it was (nothing here writes).
 */
final class SqliteFileCheck {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /** What the check found. */
  enum State {
    /** Empty or missing: the schema will be created. */
    NEW,
    /** A Durable database of {@link #version()}. */
    DURABLE,
    /** Another application's database, which the caller explicitly agreed to share. */
    SHARED
  }

  private final State state;
  private final int version;

  private SqliteFileCheck(State state, int version) {
    this.state = state;
    this.version = version;
  }

  State state() {
    return state;
  }

  int version() {
    return version;
  }

  /** Checks the raw header: SQLite magic, and a file at least as long as its header says. */
  static void checkHeader(Path file) {
    long size;
    byte[] header = new byte[100];
    int read;
    try {
      if (!Files.exists(file) || (size = Files.size(file)) == 0) {
        return;
      }
      if (Files.isDirectory(file)) {
        throw new DurableStoreException(file, "Durable database " + file + " is a directory. Fix: give the path of a file (it is created if missing).", null);
      }
      try (InputStream in = Files.newInputStream(file)) {
        read = in.readNBytes(header, 0, header.length);
      }
    } catch (IOException e) {
      throw new DurableStoreException(file, "Cannot read Durable database " + file + ": " + e + ". Fix: check the path and its permissions.", e);
    }
    if (read < MAGIC.length || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
      throw new DurableStoreException(file, "File " + file + " is not a SQLite database (its header is not 'SQLite format 3'). Durable leaves it unchanged. Fix: point Durable at a new file or at an existing Durable database.", null);
    }
    if (read < 100) {
      throw truncated(file, size, -1);
    }
    ByteBuffer b = ByteBuffer.wrap(header);
    int pageSize = Short.toUnsignedInt(b.getShort(16));
    long pageSizeBytes = pageSize == 1 ? 65536 : pageSize;
    long changeCounter = Integer.toUnsignedLong(b.getInt(24));
    long pageCount = Integer.toUnsignedLong(b.getInt(28));
    long validFor = Integer.toUnsignedLong(b.getInt(92));
    // The in-header page count is trustworthy only when "version-valid-for" matches the change counter.
    // And only when no write-ahead log is waiting: a checkpoint copies the log's pages into the file in
    // page order, page 1 (with the new size) first, so a kill -9 during a checkpoint legitimately leaves
    // a file shorter than its header; SQLite completes it from the log on the next open.
    if (validFor == changeCounter && pageCount > 0 && size < pageCount * pageSizeBytes && !hasWriteAheadLog(file)) {
      throw truncated(file, size, pageCount * pageSizeBytes);
    }
  }

  /** A log with at least its 32-byte header and one frame may hold pages not yet copied into the file. */
  private static boolean hasWriteAheadLog(Path file) throws DurableStoreException {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    try {
      return Files.exists(wal) && Files.size(wal) > 32;
    } catch (IOException e) {
      throw new DurableStoreException(file, "Cannot read the write-ahead log " + wal + " of Durable database " + file + ": " + e
          + ". Fix: check the directory's permissions; never delete that file while the database is in use, it holds committed steps.", e);
    }
  }

  private static DurableStoreException truncated(Path file, long size, long expected) {
    return new DurableStoreException(file, "Durable database " + file + " is truncated: it has " + size + " bytes"
        + (expected > 0 ? " but its header describes " + expected : "") + ". Durable leaves it unchanged."
        + " Fix: if it was copied or moved, bring its " + file.getFileName() + "-wal file along with it (that log holds"
        + " the rest); otherwise restore it from a backup, or point Durable at a new file.", null);
  }

  /** Reads what the file holds through an open connection, without writing. */
  static SqliteFileCheck inspect(Path file, Connection connection, boolean shareAllowed, SqliteErrors errors) {
    try (Statement s = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      if (tables.contains("durable_schema")) {
        int version;
        try (ResultSet rs = s.executeQuery("SELECT version FROM durable_schema")) {
          version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > SqliteSchema.CURRENT_VERSION) {
          throw new IncompatibleSchemaException(file, version, SqliteSchema.CURRENT_VERSION,
              "Durable database " + file + " has schema version " + version + ", written by a newer version of Durable;"
                  + " this version understands schema versions up to " + SqliteSchema.CURRENT_VERSION
                  + ". The file is left unchanged. Fix: upgrade Durable to the version that wrote it (or newer).");
        }
        return new SqliteFileCheck(State.DURABLE, version);
      }
      if (tables.isEmpty()) {
        return new SqliteFileCheck(State.NEW, 0);
      }
      if (shareAllowed) {
        return new SqliteFileCheck(State.SHARED, 0);
      }
      int applicationId;
      try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
        applicationId = rs.next() ? rs.getInt(1) : 0;
      }
      throw new DurableStoreException(file, "File " + file + " is a SQLite database of another application"
          + " (tables " + abbreviate(tables) + (applicationId != 0 ? ", application_id " + applicationId : "")
          + "), not a Durable database. Durable leaves it unchanged. Fix: give Durable a file of its own, or,"
          + " to keep Durable's tables in this file on purpose, build the engine with shareDatabaseWithApplication().", null);
    } catch (SQLException e) {
      throw errors.translate("checking the file before first use", e);
    }
  }

  private static String abbreviate(List<String> tables) {
    return tables.size() <= 5 ? String.join(", ", tables) : String.join(", ", tables.subList(0, 5)) + ", ...";
  }
}
