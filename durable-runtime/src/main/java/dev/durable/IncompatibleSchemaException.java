package dev.durable;

import java.nio.file.Path;

/**
 * The database was written by a newer version of Durable, with a schema this version does not know.
 * The file (or the server's schema) is left untouched; upgrade Durable to open it.
 */
public final class IncompatibleSchemaException extends DurableStoreException {
  private static final long serialVersionUID = 1L;

  private final int foundVersion;
  private final int supportedVersion;

  public IncompatibleSchemaException(Path database, int foundVersion, int supportedVersion, String message) {
    super(database, message, null);
    this.foundVersion = foundVersion;
    this.supportedVersion = supportedVersion;
  }

  /** The same for the database at {@code location}: a server's JDBC URL, without its password. */
  public IncompatibleSchemaException(String location, int foundVersion, int supportedVersion, String message) {
    super(location, message, null);
    this.foundVersion = foundVersion;
    this.supportedVersion = supportedVersion;
  }

  /** The schema version stored in the file. */
  public int foundVersion() {
    return foundVersion;
  }

  /** The newest schema version this library understands. */
  public int supportedVersion() {
    return supportedVersion;
  }
}
