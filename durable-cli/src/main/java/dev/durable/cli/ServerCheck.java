package dev.durable.cli;

import dev.durable.internal.store.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Refuses, before the engine opens it, a server database without Durable's tables: the engine would
 * create them, and a command that only looks must not. Reads through a read-only connection.
 */
final class ServerCheck {
  private ServerCheck() {}

  /** @throws CliException naming the URL (without its password), what is missing, and the fix */
  static void requireDurableSchema(String url, String schema) {
    try (Connection c = DriverManager.getConnection(url)) {
      c.setReadOnly(true);
      try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(quote_ident(?) || '.durable_schema')")) {
        s.setString(1, schema);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next() || rs.getString(1) == null) {
            throw new CliException(Messages.noDurableSchema(Stores.redact(url), schema));
          }
        }
      }
    } catch (SQLException e) {
      throw new CliException(Messages.serverUnreachable(Stores.redact(url), e.getMessage()), e);
    }
  }
}
