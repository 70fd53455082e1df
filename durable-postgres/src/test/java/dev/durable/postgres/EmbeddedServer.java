package dev.durable.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the tests use: a real PostgreSQL 14 started from a jar once per JVM, or the
 * server named by {@code DURABLE_TEST_POSTGRES_URL} (a JDBC URL with a superuser's user and
 * password). Each test takes a database of its own ({@link #newDatabase}), so tests never see one
 * another's runs.
 *
 * <p>The embedded server lets its superuser in without a password and asks every other user for
 * one, so that tests can see a wrong password refused; an existing server must ask for passwords
 * too (scram-sha-256 or md5 in its pg_hba.conf), or the wrong-password tests fail.
 */
public final class EmbeddedServer {
  private static final String HBA = """
      local all all trust
      host all postgres 127.0.0.1/32 trust
      host all postgres ::1/128 trust
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedServer instance;

  private final String host;
  private final int port;
  private final String user;
  private final String password;

  private EmbeddedServer(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /** The server, started on first use. */
  public static synchronized EmbeddedServer get() {
    if (instance == null) {
      String url = System.getenv("DURABLE_TEST_POSTGRES_URL");
      instance = url != null && !url.isBlank() ? existing(url) : embedded();
    }
    return instance;
  }

  private static EmbeddedServer existing(String url) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url);
    return new EmbeddedServer(source.getServerNames()[0], source.getPortNumbers()[0] == 0 ? 5432
        : source.getPortNumbers()[0], source.getUser(), source.getPassword());
  }

  private static EmbeddedServer embedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectoryCustomizer(dir -> {
            try {
              Files.writeString(dir.toPath().resolve("pg_hba.conf"), HBA);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .start();
      // Stopped when the JVM ends (the builder registers a shutdown hook), after every test class.
      return new EmbeddedServer("localhost", pg.getPort(), "postgres", null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  /** A new, empty database; its name. */
  public String newDatabase() {
    String name = "durable_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    sql("postgres", "CREATE DATABASE " + name);
    return name;
  }

  /** Drops a database made by {@link #newDatabase}, closing its connections first. */
  public void dropDatabase(String database) {
    sql("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  /** The superuser's URL of {@code database}, with its credentials. */
  public String url(String database) {
    return urlAs(database, user, password);
  }

  /** A URL of {@code database} for {@code user} (and {@code password}, if not null). */
  public String urlAs(String database, String user, String password) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user
        + (password == null ? "" : "&password=" + password);
  }

  /** A plain, unpooled DataSource of {@code database}, as an application might give Durable. */
  public DataSource dataSource(String database) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url(database));
    return source;
  }

  /** Runs statements as the superuser on {@code database}, autocommitted one by one. */
  public void sql(String database, String... statements) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url(database));
    try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test setup failed on " + database + ": " + e.getMessage(), e);
    }
  }
}
