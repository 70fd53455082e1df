package dev.durable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Direct edits of a closed Durable database, to stage histories that only a crash would leave. */
final class Testing {
  private Testing() {}

  /** Deletes the steps at positions matching the LIKE patterns, as a crash before their commit would leave them. */
  static void deleteSteps(StoreUnderTest store, String db, String workflowId, String... positionPatterns) {
    for (String p : positionPatterns) {
      store.sql(db, "DELETE FROM durable_steps WHERE workflow_id = ? AND position LIKE ?", workflowId, p);
    }
  }

  /** Makes a finished run RUNNING without an owner, as a crash of its engine would leave it. */
  static void markRunning(StoreUnderTest store, String db, String workflowId) {
    store.sql(db, MARK_RUNNING, workflowId);
  }

  private static final String MARK_RUNNING =
      "UPDATE durable_workflows SET status = 'RUNNING', output_json = NULL, owner = NULL WHERE workflow_id = ?";

  static void markRunning(Path db, String workflowId) {
    sql(db, MARK_RUNNING, workflowId);
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
