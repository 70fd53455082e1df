package dev.durable.internal.store.sqlite;

import dev.durable.internal.store.StoreProvider;
import dev.durable.internal.store.StoreSettings;
import dev.durable.internal.store.WorkflowStore;
import java.nio.file.Path;

/** The built-in provider for {@code jdbc:sqlite:PATH} URLs. */
public final class SqliteStoreProvider implements StoreProvider {
  public static final String PREFIX = "jdbc:sqlite:";

  @Override
  public String name() {
    return "SQLite";
  }

  @Override
  public String urlPrefix() {
    return PREFIX;
  }

  @Override
  public boolean acceptsProduct(String productName) {
    return "SQLite".equalsIgnoreCase(productName);
  }

  @Override
  public WorkflowStore open(StoreSettings settings) {
    if (settings.dataSource() != null) {
      // Durable keeps one write connection of its own for group commit and reads the WAL file's
      // companions; connections from a pool would defeat both.
      throw new IllegalArgumentException("A SQLite database is opened by its path, not through a DataSource."
          + " Fix: use DurableEngine.builder(Path) or builder(\"jdbc:sqlite:PATH\").");
    }
    return SqliteWorkflowStore.open(fileOf(settings.jdbcUrl()), settings.durability(), settings.lockTimeout(),
        settings.shareAllowed(), settings.liveness());
  }

  /** The file a {@code jdbc:sqlite:} URL names. */
  static Path fileOf(String url) {
    String path = url.substring(PREFIX.length());
    if (path.startsWith("file:") || path.contains("?")) {
      throw new IllegalArgumentException("'" + url + "': Durable opens SQLite files by path and sets the"
          + " connection's settings itself. Fix: give a plain path, as in jdbc:sqlite:/var/lib/app/durable.db.");
    }
    if (path.isBlank() || path.equals(":memory:")) {
      throw new IllegalArgumentException("'" + url + "' names no database file: Durable keeps its runs in a file so"
          + " that they survive the process. Fix: give a path, as in jdbc:sqlite:/var/lib/app/durable.db.");
    }
    return Path.of(path);
  }
}
