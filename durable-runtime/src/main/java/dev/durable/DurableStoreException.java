package dev.durable;

import java.nio.file.Path;

/**
 * The workflow store could not be read or written: the file is not a Durable database, is corrupt,
 * read-only, locked by another process beyond the timeout, the disk is full, or a database server
 * cannot be reached or refuses. The message names the database and what to do. The store is never
 * left half-written: the failed transaction was rolled back, and every step committed before it is
 * still there.
 */
public class DurableStoreException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final transient Path database;
  private final String location;

  /** A failure of the SQLite database in {@code database}. */
  public DurableStoreException(Path database, String message, Throwable cause) {
    super(message, cause);
    this.database = database;
    this.location = database == null ? null : database.toString();
  }

  /**
   * A failure of the database at {@code location}: a server's JDBC URL, without its password.
   */
  public DurableStoreException(String location, String message, Throwable cause) {
    super(message, cause);
    this.database = null;
    this.location = location;
  }

  /** The SQLite file concerned, or null for a database server. */
  public Path database() {
    return database;
  }

  /** The database concerned: a SQLite file's path, or a server's JDBC URL without its password. */
  public String location() {
    return location;
  }
}
