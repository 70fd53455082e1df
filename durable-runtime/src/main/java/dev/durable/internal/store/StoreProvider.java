package dev.durable.internal.store;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Opens a {@link WorkflowStore} for one kind of database. The engine finds providers with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.durable.internal.store.StoreProvider}), so
 * that a store's driver and pool are dependencies of its own module, not of the runtime: SQLite's is
 * built in, PostgreSQL's comes with {@code durable-postgres}.
 *
 * <p>Internal: implemented by this project's modules only; it may change in any release.
 */
public interface StoreProvider {
  /** The database's name for messages, such as {@code SQLite} or {@code PostgreSQL}. */
  String name();

  /** The JDBC URL prefix this provider opens, such as {@code jdbc:sqlite:}. */
  String urlPrefix();

  /**
   * Whether this provider stores into a database whose JDBC product name ({@link
   * java.sql.DatabaseMetaData#getDatabaseProductName()}) is {@code productName}; for {@link
   * StoreSettings#dataSource() data sources}.
   */
  boolean acceptsProduct(String productName);

  /**
   * Opens the store the settings name (creating or migrating its schema), or throws a {@link
   * dev.durable.DurableStoreException} that names the database and the fix.
   */
  WorkflowStore open(StoreSettings settings);

  /** The JDBC product name of a data source's database, for choosing its provider. */
  static String productName(DataSource dataSource) throws SQLException {
    try (var connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductName();
    }
  }
}
