package dev.durable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Direct edits of a closed Durable database, to stage histories that only a crash would leave. */
final class Testing {
  private Testing() {}

  static void deleteSteps(Path db, String workflowId, String... positionPatterns) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement("DELETE FROM durable_steps WHERE workflow_id = ? AND position LIKE ?")) {
      for (String p : positionPatterns) {
        s.setString(1, workflowId);
        s.setString(2, p);
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void markRunning(Path db, String workflowId) {
    sql(db, "UPDATE durable_workflows SET status = 'RUNNING', output_json = NULL, owner = NULL WHERE workflow_id = ?", workflowId);
  }

  static void sql(Path db, String statement, String... args) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
