package dev.durable.internal.store.sqlite;

import dev.durable.WorkflowStatus;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.WorkflowRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only queries over runs, on the store's read connection (callers hold its lock): one run,
 * a filtered list, the unfinished runs, the runs a worker may take, the cancellations asked for runs
 * an engine holds, and whether an engine holds any run.
 */
final class RunQueries {
  private final PreparedStatement find;
  private final PreparedStatement list;
  private final PreparedStatement unfinished;
  private final PreparedStatement ready;
  private final PreparedStatement runningOwners;
  private final PreparedStatement runningOf;
  private final PreparedStatement cancelRequested;
  private final PreparedStatement ownsRunning;

  RunQueries(Connection reader) throws SQLException {
    String columns = WorkflowRows.COLUMNS;
    find = reader.prepareStatement("SELECT " + columns + " FROM durable_workflows WHERE workflow_id = ?");
    list = reader.prepareStatement("SELECT " + columns + " FROM durable_workflows WHERE (?1 IS NULL OR status = ?1)"
        + " AND (?2 IS NULL OR workflow_name = ?2) AND created_at >= ?3 ORDER BY created_at DESC, workflow_id DESC LIMIT ?4");
    unfinished = reader.prepareStatement("SELECT " + columns + " FROM durable_workflows"
        + " WHERE status IN ('PENDING', 'RUNNING', 'WAITING') ORDER BY created_at, workflow_id");
    // Due by ?1: waiting runs whose timer fires, runs given back or started (at once, or after their
    // retry time), and waiting runs asked to cancel whose code has not had the cancellation yet (once
    // it has, the run's own timers count again; a run given back after an engine error keeps its
    // retry time, cancelled or not). ?3: runs the asking worker cannot run, so that they never crowd
    // out the rest of a batch.
    ready = reader.prepareStatement("SELECT " + columns + " FROM durable_workflows WHERE status IN ('PENDING', 'WAITING')"
        + " AND (wake_at IS NULL OR wake_at <= ?1"
        + " OR (status = 'WAITING' AND cancel_requested = 1 AND cancelled_at IS NULL))"
        + " AND workflow_id NOT IN (SELECT value FROM json_each(?3)) ORDER BY wake_at LIMIT ?2");
    runningOwners = reader.prepareStatement(
        "SELECT DISTINCT owner, min(lease_expires_at) FROM durable_workflows WHERE status = 'RUNNING' GROUP BY owner");
    runningOf = reader.prepareStatement("SELECT " + columns + " FROM durable_workflows WHERE status = 'RUNNING'"
        + " AND owner = ?1 AND (?2 = 1 OR lease_expires_at < ?3) LIMIT ?4");
    cancelRequested = reader.prepareStatement(
        "SELECT workflow_id FROM durable_workflows WHERE owner = ? AND status = 'RUNNING' AND cancel_requested = 1");
    ownsRunning = reader.prepareStatement("SELECT 1 FROM durable_workflows WHERE status = 'RUNNING' AND owner = ? LIMIT 1");
  }

  Optional<WorkflowRecord> find(String workflowId) throws SQLException {
    find.setString(1, workflowId);
    List<WorkflowRecord> found = read(find);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Every run that has not finished, oldest first. */
  List<WorkflowRecord> unfinished() throws SQLException {
    return read(unfinished);
  }

  /** Whether {@code owner} holds a RUNNING run. */
  boolean ownsRunning(String owner) throws SQLException {
    ownsRunning.setString(1, owner);
    try (ResultSet rs = ownsRunning.executeQuery()) {
      return rs.next();
    }
  }

  List<WorkflowRecord> list(WorkflowStatus status, String workflowName, long createdSince, int limit) throws SQLException {
    if (status == null) {
      list.setNull(1, Types.VARCHAR);
    } else {
      list.setString(1, status.name());
    }
    if (workflowName == null) {
      list.setNull(2, Types.VARCHAR);
    } else {
      list.setString(2, workflowName);
    }
    list.setLong(3, createdSince);
    list.setInt(4, limit);
    return read(list);
  }

  /**
   * Runs a worker may take by {@code dueBefore}: due PENDING and WAITING runs, then RUNNING runs
   * whose owner is known to be gone or whose lease expired before {@code now}.
   */
  List<WorkflowRecord> ready(long dueBefore, int limit, long now, OwnerLiveness liveness, String excludedJson)
      throws SQLException {
    ready.setLong(1, dueBefore);
    ready.setInt(2, limit);
    ready.setString(3, excludedJson);
    List<WorkflowRecord> result = new ArrayList<>(read(ready));
    // Owners are few (one per engine), so liveness is asked once per owner, not once per run.
    Map<String, Boolean> alive = new HashMap<>();
    OwnerLiveness once = owner -> alive.computeIfAbsent(owner, liveness::mayBeAlive);
    List<String> gone = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    try (ResultSet rs = runningOwners.executeQuery()) {
      while (rs.next()) {
        String owner = rs.getString(1);
        if (owner != null && !once.mayBeAlive(owner)) {
          gone.add(owner);
        } else if (owner != null && once.mayTakeFrom(owner, rs.getLong(2), now)) {
          // Alive, and its earliest lease has expired: the runs whose lease has (runningOf's SQL
          // condition is OwnerLiveness.mayTakeFrom for an owner that may be alive).
          expired.add(owner);
        }
      }
    }
    for (String owner : gone) {
      addRunningOf(owner, true, now, limit, result);
    }
    for (String owner : expired) {
      addRunningOf(owner, false, now, limit, result);
    }
    return result;
  }

  private void addRunningOf(String owner, boolean gone, long now, int limit, List<WorkflowRecord> result)
      throws SQLException {
    if (result.size() >= limit) {
      return;
    }
    runningOf.setString(1, owner);
    runningOf.setInt(2, gone ? 1 : 0);
    runningOf.setLong(3, now);
    runningOf.setInt(4, limit - result.size());
    result.addAll(read(runningOf));
  }

  List<String> cancelRequested(String owner) throws SQLException {
    cancelRequested.setString(1, owner);
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = cancelRequested.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private List<WorkflowRecord> read(PreparedStatement statement) throws SQLException {
    List<WorkflowRecord> result = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        result.add(WorkflowRows.workflow(rs));
      }
    }
    return result;
  }
}
