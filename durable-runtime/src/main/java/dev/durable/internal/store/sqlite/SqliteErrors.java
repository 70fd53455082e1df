package dev.durable.internal.store.sqlite;

import dev.durable.DurableStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns SQLite's result codes into errors that say what happened to which file and what to do.
 * Every message ends by saying that committed steps are intact, because that is the first thing a
 * user whose disk filled up wants to know.
 */
final class SqliteErrors {
  private static final int SQLITE_PERM = 3;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private final Path database;
  private final Duration lockTimeout;

  SqliteErrors(Path database, Duration lockTimeout) {
    this.database = database;
    this.lockTimeout = lockTimeout;
  }

  /** An existing file we may read but where the file or its directory refuses writes. */
  private boolean readOnly() {
    Path dir = database.getParent();
    return Files.isReadable(database)
        && (!Files.isWritable(database) || (dir != null && !Files.isWritable(dir)));
  }

  /**
   * A write that something other than SQLite stopped half-way (an {@code Error} thrown in the
   * writing thread): its transaction was rolled back, so nothing of it is in the database.
   */
  DurableStoreException interrupted(String action, Throwable cause) {
    return new DurableStoreException(database, "Durable database " + database + ": " + action + " was abandoned before"
        + " its commit" + (cause == null ? "" : " because the writing thread threw " + cause) + ". The transaction was"
        + " rolled back; every step committed before it is intact, and calling the workflow again resumes it."
        + " Fix: find the cause of the error (memory, stack depth) in its stack trace.", cause);
  }

  DurableStoreException translate(String action, SQLException e) {
    String detail = " (SQLite: " + e.getMessage() + ")";
    String intact =
        " The transaction was rolled back; every step committed before it is intact, and calling the"
            + " workflow again resumes it once the cause is fixed.";
    // sqlite-jdbc reports the primary code in getErrorCode(); the extended one tells this case apart.
    if (e instanceof SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK) {
      return new DurableStoreException(database, "Durable database " + database + " cannot be read while " + action
          + ": a process stopped while it was changing the file (a kill during its creation, say) and left a hot"
          + " journal, " + database.getFileName() + "-journal, that must be rolled back first, and this connection"
          + " may only read. Nothing committed is lost; the file must be opened once read-write to recover."
          + " Fix: open it with an engine (DurableEngine.open) as a user who may write the file and its directory,"
          + " then read it." + detail, e);
    }
    String message =
        switch (e.getErrorCode() & 0xff) {
          case SQLITE_BUSY, SQLITE_LOCKED ->
              "Durable database " + database + " stayed locked by another connection for longer than"
                  + " the lock timeout (" + lockTimeout.toMillis() + " ms) while " + action + "." + intact
                  + " Fix: stop the process that holds the lock, or raise DurableEngine.builder().lockTimeout(...).";
          case SQLITE_FULL ->
              "The disk holding Durable database " + database + " is full (or the file reached a size"
                  + " limit) while " + action + "." + intact + " Fix: free disk space.";
          case SQLITE_READONLY, SQLITE_PERM ->
              "Durable database " + database + " cannot be written while " + action + ": the file, its"
                  + " directory or the filesystem is read-only." + intact
                  + " Fix: make the file, its -wal and -shm companions, and its directory writable.";
          case SQLITE_CORRUPT, SQLITE_NOTADB ->
              "Durable database " + database + " is corrupt or not a SQLite database (found while "
                  + action + "). Durable does not modify it further. Fix: restore it from a backup, or"
                  + " point Durable at a new file.";
          case SQLITE_CANTOPEN -> readOnly()
              ? "Durable database " + database + " cannot be opened for writing while " + action + ": the file"
                  + " or its directory is read-only (SQLite must write the file and create its -wal and -shm"
                  + " companions next to it). Nothing was changed. Fix: make the file and its directory writable"
                  + " (check permissions, chattr +i, read-only mounts)."
              : "Durable database " + database + " cannot be opened while " + action + ": the file or its"
                  + " directory is missing, not accessible, or not a regular file. Fix: check the path"
                  + " and its permissions.";
          case SQLITE_IOERR ->
              "An I/O error occurred on Durable database " + database + " while " + action
                  + " (a full or failing disk, or a removed volume)." + intact
                  + " Fix: check the disk and free space.";
          default -> "SQLite failed on Durable database " + database + " while " + action + "." + intact;
        };
    return new DurableStoreException(database, message + detail, e);
  }
}
