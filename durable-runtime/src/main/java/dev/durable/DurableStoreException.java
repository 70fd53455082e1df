package dev.durable;

import java.nio.file.Path;

/**
 * The workflow store could not be read or written: the file is not a Durable database, is corrupt,
 * read-only, locked by another process beyond the timeout, or the disk is full. The message names the
 * file and what to do. The store is never left half-written: the failed transaction was rolled back,
 * and every step committed before it is still there.
 */
public class DurableStoreException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final transient Path database;

  public DurableStoreException(Path database, String message, Throwable cause) {
    super(message, cause);
    this.database = database;
  }

  /** The database file concerned. */
  public Path database() {
    return database;
  }
}
