package dev.durable.internal.store.sqlite;

import dev.durable.DurableStoreException;
import dev.durable.IncompatibleSchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Decides, before anything is written, whether a file may be used as a Durable database. A file
 * that is not SQLite, is truncated, belongs to another application, or was written by a newer
 * Durable is refused with a message naming it, and is left exactly as it was (nothing here writes).
 */
final class SqliteFileCheck {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  /** How a rollback journal's header begins. */
  private static final byte[] JOURNAL_MAGIC = {
    (byte) 0xd9, (byte) 0xd5, (byte) 0x05, (byte) 0xf9, (byte) 0x20, (byte) 0xa1, (byte) 0x63, (byte) 0xd7
  };

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

  /**
   * The reads the header check makes, in the order it makes them: whether a write-ahead log with
   * frames or a rollback journal lies beside the file, the first 100 bytes, the size. A seam, so
   * that tests can interleave another process's checkpoint between two reads.
   */
  interface FileReads {
    boolean hasWriteAheadLog() throws IOException;

    /**
     * Whether a rollback journal with SQLite's magic lies beside the file: a process stopped while
     * it changed the file (while creating it, say), and SQLite rolls the file back to its state
     * before that change when it is next opened read-write; until then its header means nothing.
     */
    boolean hasRollbackJournal() throws IOException;

    byte[] header() throws IOException;

    long size() throws IOException;
  }

  /** What one pass of the reads saw. Two passes that saw the same are a stable view of the file. */
  private record View(boolean writeAheadLog, boolean rollbackJournal, ByteBuffer header, long size) {}

  /** How many passes the check makes before it takes a file that changes on every pass as in use. */
  private static final int MAX_PASSES = 20;

  /** Checks the raw header: SQLite magic, and a file at least as long as its header says. */
  static void checkHeader(Path file) {
    try {
      if (!Files.exists(file)) {
        return;
      }
      if (Files.isDirectory(file)) {
        throw new DurableStoreException(file, "Durable database " + file + " is a directory. Fix: give the path of a file (it is created if missing).", null);
      }
    } catch (SecurityException e) {
      throw new DurableStoreException(file, "Cannot read Durable database " + file + ": " + e + ". Fix: check the path and its permissions.", e);
    }
    checkHeader(file, onDisk(file));
  }

  /**
   * As {@link #checkHeader(Path)}, through {@code reads}. No lock covers these reads, and another
   * process may be closing the database meanwhile: its last checkpoint writes page 1 (with the new
   * page count) first, then the pages that extend the file, and then deletes the write-ahead log.
   * Reads that straddle that saw a healthy file as cut short (issue 20 D). So the log is looked for
   * first and the size read last, and a file is refused only if a second pass sees exactly the same;
   * a file that was really cut short does not change, and one that changes on every pass is in use.
   */
  static void checkHeader(Path file, FileReads reads) {
    View previous = null;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      if (pass > 1) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      View view;
      try {
        boolean log = reads.hasWriteAheadLog();
        boolean journal = reads.hasRollbackJournal();
        byte[] header = reads.header();
        long size = reads.size();
        view = new View(log, journal, ByteBuffer.wrap(header), size);
      } catch (IOException e) {
        throw new DurableStoreException(file, "Cannot read Durable database " + file + ": " + e + ". Fix: check the path and its permissions.", e);
      }
      DurableStoreException problem = problem(file, view);
      if (problem == null) {
        return;
      }
      if (view.equals(previous)) {
        throw problem;
      }
      previous = view;
    }
  }

  /** What is wrong with the file as {@code view} shows it, or null. */
  private static DurableStoreException problem(Path file, View view) {
    byte[] header = view.header().array();
    int read = header.length;
    if (view.size() == 0 && read == 0 || view.rollbackJournal()) {
      return null;
    }
    if (read < MAGIC.length || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
      return new DurableStoreException(file, "File " + file + " is not a SQLite database (its header is not 'SQLite format 3'). Durable leaves it unchanged. Fix: point Durable at a new file or at an existing Durable database.", null);
    }
    if (read < 100) {
      return truncated(file, view.size(), -1);
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
    if (validFor == changeCounter && pageCount > 0 && view.size() < pageCount * pageSizeBytes && !view.writeAheadLog()) {
      return truncated(file, view.size(), pageCount * pageSizeBytes);
    }
    return null;
  }

  private static FileReads onDisk(Path file) {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    Path journal = file.resolveSibling(file.getFileName() + "-journal");
    return new FileReads() {
      /** A log with at least its 32-byte header and one frame may hold pages not yet copied into the file. */
      @Override
      public boolean hasWriteAheadLog() throws IOException {
        try {
          return Files.size(wal) > 32;
        } catch (NoSuchFileException e) {
          return false;
        } catch (IOException e) {
          throw new IOException("cannot read its write-ahead log " + wal + " (" + e + "); never delete that file"
              + " while the database is in use, it holds committed steps", e);
        }
      }

      @Override
      public boolean hasRollbackJournal() throws IOException {
        try (InputStream in = Files.newInputStream(journal)) {
          return Arrays.equals(in.readNBytes(JOURNAL_MAGIC.length), JOURNAL_MAGIC);
        } catch (NoSuchFileException e) {
          return false;
        }
      }

      @Override
      public byte[] header() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
          return in.readNBytes(100);
        } catch (NoSuchFileException e) {
          return new byte[0];
        }
      }

      @Override
      public long size() throws IOException {
        try {
          return Files.size(file);
        } catch (NoSuchFileException e) {
          return 0;
        }
      }
    };
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
