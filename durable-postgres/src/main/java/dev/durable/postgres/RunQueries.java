package dev.durable.postgres;

import dev.durable.WorkflowStatus;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.WorkflowRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queries over runs that change nothing: a filtered list, the unfinished runs, the runs a
 * worker may take, and the cancellations asked for runs an engine holds.
 */
final class RunQueries {
  private final String workflows;
  private final String columns = RunRows.COLUMNS;

  RunQueries(PostgresSchema schema) {
    this.workflows = schema.workflows();
  }

  /** Stored runs, newest first; null filters match anything. */
  List<WorkflowRecord> list(Connection c, WorkflowStatus status, String workflowName, long createdSince, int limit)
      throws SQLException {
    String sql = "SELECT " + columns + " FROM " + workflows + " WHERE created_at >= ?"
        + (status == null ? "" : " AND status = ?") + (workflowName == null ? "" : " AND workflow_name = ?")
        + " ORDER BY created_at DESC, workflow_id DESC LIMIT ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setLong(i++, createdSince);
      if (status != null) {
        s.setString(i++, status.name());
      }
      if (workflowName != null) {
        s.setString(i++, workflowName);
      }
      s.setInt(i, limit);
      return RunRows.workflows(s);
    }
  }

  /** Every run that has not finished, oldest first. */
  List<WorkflowRecord> unfinished(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM " + workflows
        + " WHERE status IN ('PENDING', 'RUNNING', 'WAITING') ORDER BY created_at, workflow_id")) {
      return RunRows.workflows(s);
    }
  }

  /**
   * Runs a worker may take by {@code dueBefore}: due PENDING and WAITING runs, then RUNNING runs whose
   * owner is known to be gone or whose lease expired before {@code now}. Rows another transaction has
   * locked (a worker claiming them right now) are skipped, not waited for: that worker has them.
   */
  List<WorkflowRecord> ready(Connection c, long now, long dueBefore, int limit, Set<String> excluded,
      OwnerLiveness liveness) throws SQLException {
    List<WorkflowRecord> result = new ArrayList<>();
    // Due by dueBefore: waiting runs whose timer fires, runs given back or started (at once, or after
    // their retry time), and waiting runs asked to cancel whose code has not had the cancellation yet
    // (once it has, the run's own timers count again). Runs due at once (no wake_at) first, as SQLite
    // orders NULL first.
    try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM " + workflows
        + " WHERE status IN ('PENDING', 'WAITING') AND (wake_at IS NULL OR wake_at <= ?"
        + " OR (status = 'WAITING' AND cancel_requested AND cancelled_at IS NULL))"
        + " AND NOT (workflow_id = ANY (?)) ORDER BY wake_at NULLS FIRST LIMIT ? FOR UPDATE SKIP LOCKED")) {
      s.setLong(1, dueBefore);
      s.setArray(2, c.createArrayOf("text", excluded.toArray()));
      s.setInt(3, limit);
      result.addAll(RunRows.workflows(s));
    }
    // Owners are few (one per engine), so liveness is asked once per owner, not once per run.
    List<String> gone = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    Map<String, Long> earliestLease = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT owner, min(lease_expires_at) FROM " + workflows
        + " WHERE status = 'RUNNING' AND owner IS NOT NULL GROUP BY owner")) {
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          earliestLease.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    for (Map.Entry<String, Long> owner : earliestLease.entrySet()) {
      if (!liveness.mayBeAlive(owner.getKey())) {
        gone.add(owner.getKey());
      } else if (liveness.mayTakeFrom(owner.getKey(), owner.getValue(), now)) {
        // Alive, and its earliest lease has expired: the runs whose lease has (runningOf's SQL
        // condition is OwnerLiveness.mayTakeFrom for an owner that may be alive).
        expired.add(owner.getKey());
      }
    }
    for (String owner : gone) {
      addRunningOf(c, owner, true, now, limit, excluded, result);
    }
    for (String owner : expired) {
      addRunningOf(c, owner, false, now, limit, excluded, result);
    }
    return result;
  }

  private void addRunningOf(Connection c, String owner, boolean gone, long now, int limit, Set<String> excluded,
      List<WorkflowRecord> result) throws SQLException {
    if (result.size() >= limit) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM " + workflows
        + " WHERE status = 'RUNNING' AND owner = ? AND (? OR lease_expires_at < ?) AND NOT (workflow_id = ANY (?))"
        + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
      s.setString(1, owner);
      s.setBoolean(2, gone);
      s.setLong(3, now);
      s.setArray(4, c.createArrayOf("text", excluded.toArray()));
      s.setInt(5, limit - result.size());
      result.addAll(RunRows.workflows(s));
    }
  }

  /** Ids of the RUNNING runs {@code owner} holds that were asked to cancel. */
  List<String> cancelRequested(Connection c, String owner) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT workflow_id FROM " + workflows
        + " WHERE owner = ? AND status = 'RUNNING' AND cancel_requested")) {
      s.setString(1, owner);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }
}
