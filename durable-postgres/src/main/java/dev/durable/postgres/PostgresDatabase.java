package dev.durable.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.durable.internal.store.Stores;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the store's connections come from: a HikariCP pool Durable builds for a JDBC URL (and closes
 * with the store), or the application's own DataSource (used as is, and left open). It also gives the
 * connection the ready listener holds for as long as the store is open, and the names messages use.
 */
final class PostgresDatabase implements AutoCloseable {
  /** Enough for a worker's threads and the engine's own calls; each engine of a process has its own. */
  static final int DEFAULT_POOL_SIZE = 10;

  private final DataSource direct;
  /** Null for an application's DataSource, which is used as is. */
  private final HikariConfig poolConfig;
  private final String location;
  private final String databaseName;
  private final String user;
  private final String password;
  /** The pool of unsynced writes (for URLs only): autocommitted, {@code synchronous_commit = off}. */
  private final HikariConfig unsyncedConfig;
  private volatile DataSource pooled;
  private volatile DataSource unsynced;
  private HikariDataSource owned;
  private HikariDataSource ownedUnsynced;

  private PostgresDatabase(DataSource direct, HikariConfig poolConfig, HikariConfig unsyncedConfig, String location,
      String databaseName, String user, String password) {
    this.direct = direct;
    this.poolConfig = poolConfig;
    this.unsyncedConfig = unsyncedConfig;
    this.location = location;
    this.databaseName = databaseName;
    this.user = user;
    this.password = password;
    this.pooled = poolConfig == null ? direct : null;
  }

  /**
   * The database a {@code jdbc:postgresql:} URL names, with {@code user} and {@code password} from
   * {@code properties} overriding the URL's. Its pool starts with {@link #startPool}.
   */
  static PostgresDatabase fromUrl(String url, Map<String, String> properties, Duration lockTimeout,
      boolean synced) {
    PGSimpleDataSource direct = new PGSimpleDataSource();
    try {
      direct.setUrl(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + Stores.redact(url) + "' is not a PostgreSQL JDBC URL the driver can read:"
          + " " + e.getMessage() + ". Fix: write it as jdbc:postgresql://HOST:PORT/DATABASE?user=USER.", e);
    }
    // The URL's parameters were read into the data source; the builder's user and password override them.
    if (properties.containsKey("user")) {
      direct.setUser(properties.get("user"));
    }
    if (properties.containsKey("password")) {
      direct.setPassword(properties.get("password"));
    }
    if (direct.getApplicationName() == null || direct.getApplicationName().equals("PostgreSQL JDBC Driver")) {
      // So that an administrator can tell Durable's sessions in pg_stat_activity.
      direct.setApplicationName("durable");
    }
    HikariConfig config = new HikariConfig();
    config.setDataSource(direct);
    config.setPoolName("durable");
    config.setMaximumPoolSize(poolSize(properties.getOrDefault("poolSize", Integer.toString(DEFAULT_POOL_SIZE))));
    // An idle engine keeps one connection, not the whole pool.
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    // A call waits for a connection no longer than it would wait for a lock.
    config.setConnectionTimeout(Math.max(250, lockTimeout.toMillis()));
    // Connecting was checked when the store opened its schema, on a direct connection whose error is the
    // server's own; the pool does not try once more at construction.
    config.setInitializationFailTimeout(-1);
    // Set once per connection, so that a transaction spends no round trip on them (see Transactions).
    String lock = "SET lock_timeout = '" + lockTimeout.toMillis() + "ms'";
    config.setConnectionInitSql(synced ? lock : lock + "; SET synchronous_commit = off");
    HikariConfig unsyncedConfig = new HikariConfig();
    unsyncedConfig.setDataSource(direct);
    unsyncedConfig.setPoolName("durable-unsynced");
    unsyncedConfig.setMaximumPoolSize(2);
    unsyncedConfig.setMinimumIdle(0);
    unsyncedConfig.setAutoCommit(true);
    unsyncedConfig.setConnectionTimeout(config.getConnectionTimeout());
    unsyncedConfig.setInitializationFailTimeout(-1);
    unsyncedConfig.setConnectionInitSql(lock + "; SET synchronous_commit = off");
    return new PostgresDatabase(direct, config, unsyncedConfig, Stores.redact(url), direct.getDatabaseName(),
        direct.getUser(), direct.getPassword());
  }

  private static int poolSize(String value) {
    try {
      int size = Integer.parseInt(value);
      if (size > 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The PostgreSQL property poolSize is '" + value + "', not a number. Fix: give"
          + " a positive number of connections, such as 10.", e);
    }
    throw new IllegalArgumentException("The PostgreSQL property poolSize is " + value + ". Fix: give a positive number"
        + " of connections, such as 10.");
  }

  /**
   * The application's DataSource, described by the URL and user its connections report. Asks it for
   * one connection to learn them; a failure there is the caller's to translate.
   */
  static PostgresDatabase fromDataSource(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      String location = "the application's DataSource (" + Stores.redact(meta.getURL()) + ")";
      return new PostgresDatabase(dataSource, null, null, location, c.getCatalog(), meta.getUserName(), null);
    }
  }

  /** Starts the pool Durable keeps for a URL (once the schema is known to be usable); nothing for a DataSource. */
  synchronized void startPool() {
    if (pooled == null) {
      owned = new HikariDataSource(poolConfig);
      ownedUnsynced = new HikariDataSource(unsyncedConfig);
      pooled = owned;
      unsynced = ownedUnsynced;
    }
  }

  /**
   * Whether this database's connections carry the store's lock timeout and commit strength as
   * session settings (Durable's own pools), so that a transaction need not set them.
   */
  boolean sessionConfigured() {
    return poolConfig != null;
  }

  /**
   * An autocommitted connection with {@code synchronous_commit = off}, for a one-statement write
   * whose loss costs only a label; only when {@link #sessionConfigured()}. The caller closes it.
   */
  Connection unsyncedConnection() throws SQLException {
    DataSource source = unsynced;
    if (source == null) {
      throw new IllegalStateException("the unsynced pool is used before startPool(), or with an application's DataSource");
    }
    return source.getConnection();
  }

  /** A connection for one transaction, from the pool; the caller closes it. */
  Connection connection() throws SQLException {
    DataSource source = pooled;
    if (source == null) {
      throw new IllegalStateException("the pool is used before startPool()");
    }
    return source.getConnection();
  }

  /**
   * A connection outside Durable's pool, for opening the schema and for the ready listener, which holds
   * it for as long as the store is open. From an application's DataSource it is one of its connections.
   */
  Connection directConnection() throws SQLException {
    return direct.getConnection();
  }

  /** Whether connections come from the application's DataSource, whose settings are not Durable's to change. */
  boolean applicationOwned() {
    return poolConfig == null;
  }

  String location() {
    return location;
  }

  String databaseName() {
    return databaseName;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** Closes the pool Durable built; an application's DataSource stays open, as it is the application's. */
  @Override
  public synchronized void close() {
    if (owned != null) {
      owned.close();
    }
    if (ownedUnsynced != null) {
      ownedUnsynced.close();
    }
  }
}
