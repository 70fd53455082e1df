package dev.durable;

import dev.durable.postgres.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Contract tests on PostgreSQL: a fresh database per test, and each named database of the test is a
 * schema of its own in it, as the {@code schema} setting makes it.
 */
final class PostgresUnderTest implements StoreUnderTest {
  private String database;

  private String url() {
    if (database == null) {
      database = EmbeddedServer.get().newDatabase();
    }
    return EmbeddedServer.get().url(database);
  }

  @Override
  public DurableEngine.Builder builder(String name) {
    return DurableEngine.builder(url()).schema(schema(name));
  }

  @Override
  public void sql(String name, String statement, String... args) {
    try (Connection c = DriverManager.getConnection(url())) {
      c.createStatement().execute("SET search_path TO " + schema(name));
      try (PreparedStatement s = c.prepareStatement(statement)) {
        for (int i = 0; i < args.length; i++) {
          s.setString(i + 1, args[i]);
        }
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  private static String schema(String name) {
    return "durable_" + name;
  }

  @Override
  public void close() {
    if (database != null) {
      EmbeddedServer.get().dropDatabase(database);
      database = null;
    }
  }
}
