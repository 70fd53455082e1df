package dev.durable.postgres;

import dev.durable.LeaseLostException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQL of {@code durable_workflows} inside a write transaction: reading a run under a row lock,
 * recording new runs, takeovers, finishing, giving back and suspending runs, cancellation, restarts,
 * leases, deletion, and waking a run that waits for a key. Also the owner fence, and how a row
 * becomes a {@link WorkflowRecord}.
 *
 * <p>Row locks are what keep two processes apart: a claim, a suspension, an event's delivery and a
 * deletion lock the run's row ({@code FOR UPDATE}) before deciding, and a write into a run's history
 * holds its row {@code FOR SHARE}, so that the run cannot change hands between the fence and the
 * commit while several branches of the run still write at once.
 */
final class RunRows {
  static final String COLUMNS =
      "workflow_id, workflow_name, class_name, method, arguments_json, status, output_json, fingerprint,"
          + " owner, lease_expires_at, runs, created_at, updated_at, wake_at, cancel_requested, cancelled_at, parent_id,"
          + " waiting_for";

  private final String workflows;
  private final String location;

  RunRows(PostgresSchema schema, String location) {
    this.workflows = schema.workflows();
    this.location = location;
  }

  String table() {
    return workflows;
  }

  /** One row of {@link #COLUMNS}. */
  static WorkflowRecord workflow(ResultSet rs) throws SQLException {
    return new WorkflowRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        WorkflowStatus.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10),
        rs.getInt(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getBoolean(15), rs.getString(16),
        rs.getString(17), WaitKeys.fromJson(rs.getString(18)));
  }

  /** Every row {@code statement} returns, as runs. */
  static List<WorkflowRecord> workflows(PreparedStatement statement) throws SQLException {
    List<WorkflowRecord> result = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        result.add(workflow(rs));
      }
    }
    return result;
  }

  /** The run, its row locked until the transaction ends; null if there is none. */
  WorkflowRecord lock(Connection c, String workflowId) throws SQLException {
    return select(c, workflowId, " FOR UPDATE");
  }

  /** The run as this transaction sees it, without a lock; null if there is none. */
  WorkflowRecord read(Connection c, String workflowId) throws SQLException {
    return select(c, workflowId, "");
  }

  private WorkflowRecord select(Connection c, String workflowId, String lock) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + workflows + " WHERE workflow_id = ?"
        + lock)) {
      s.setString(1, workflowId);
      List<WorkflowRecord> found = workflows(s);
      return found.isEmpty() ? null : found.get(0);
    }
  }

  /**
   * The fence of a write into the run's history: passes if {@code owner} holds the running run, whose
   * row then stays {@code FOR SHARE} until the transaction ends, so that no takeover commits before it.
   *
   * @throws LeaseLostException if the run is gone or someone else holds it
   */
  void fence(Connection c, String workflowId, String owner) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT owner, status FROM " + workflows + " WHERE workflow_id = ?"
        + " FOR SHARE")) {
      s.setString(1, workflowId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw deleted(workflowId);
        }
        if (!owner.equals(rs.getString(1)) || !"RUNNING".equals(rs.getString(2))) {
          throw leaseLost(workflowId, owner, rs.getString(1));
        }
      }
    }
  }

  /** The error of a fenced write refused: says why, from the run as it is now. */
  LeaseLostException refused(Connection c, String workflowId, String owner) throws SQLException {
    WorkflowRecord now = read(c, workflowId);
    return now == null ? deleted(workflowId) : leaseLost(workflowId, owner, now.owner());
  }

  private LeaseLostException deleted(String workflowId) {
    return new LeaseLostException("Workflow '" + workflowId + "' was deleted from " + location + " while this engine"
        + " ran it; nothing more is recorded for it.");
  }

  private static LeaseLostException leaseLost(String workflowId, String owner, String current) {
    return new LeaseLostException("This engine (" + owner + ") no longer owns workflow '" + workflowId + "'"
        + (current == null ? "" : "; " + current + " does") + ", because its lease expired (a pause longer"
        + " than the lease duration?). Its result was not recorded; the current owner's history stands."
        + " Fix: nothing to repair; raise leaseDuration if pauses this long are expected.");
  }

  /** Records a new run, RUNNING under {@code owner}; null if a run with its id exists (nothing written). */
  WorkflowRecord insertRunning(Connection c, NewWorkflow w, String owner, long leaseExpiresAt, long now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + workflows + " (" + COLUMNS + ") VALUES (?, ?, ?, ?,"
        + " ?, 'RUNNING', NULL, ?, ?, ?, 1, ?, ?, NULL, FALSE, NULL, NULL, NULL) ON CONFLICT (workflow_id) DO NOTHING"
        + " RETURNING " + COLUMNS)) {
      bindCall(s, w);
      s.setString(7, owner);
      s.setLong(8, leaseExpiresAt);
      s.setLong(9, now);
      s.setLong(10, now);
      List<WorkflowRecord> inserted = workflows(s);
      return inserted.isEmpty() ? null : inserted.get(0);
    }
  }

  /**
   * Records {@code w} PENDING with {@code parentId} (or none) unless its id exists.
   *
   * @return whether it was recorded
   */
  boolean insertPending(Connection c, NewWorkflow w, String parentId, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + workflows + " (" + COLUMNS + ") VALUES (?, ?, ?, ?,"
        + " ?, 'PENDING', NULL, ?, NULL, 0, 0, ?, ?, NULL, FALSE, NULL, ?, NULL) ON CONFLICT (workflow_id) DO NOTHING")) {
      bindCall(s, w);
      s.setLong(7, now);
      s.setLong(8, now);
      s.setString(9, parentId);
      return s.executeUpdate() == 1;
    }
  }

  /** Binds the call a new run records (id, name, class, method, arguments, fingerprint) as parameters 1 to 6. */
  private static void bindCall(PreparedStatement insert, NewWorkflow w) throws SQLException {
    insert.setString(1, w.workflowId());
    insert.setString(2, w.workflowName());
    insert.setString(3, w.className());
    insert.setString(4, w.method());
    insert.setString(5, w.argumentsJson());
    insert.setString(6, w.fingerprint());
  }

  /** Makes a locked run RUNNING under {@code owner}, one more run; returns it as stored. */
  WorkflowRecord takeOver(Connection c, NewWorkflow w, String owner, long leaseExpiresAt, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET status = 'RUNNING', output_json = NULL,"
        + " owner = ?, lease_expires_at = ?, runs = runs + 1, updated_at = ?, fingerprint = COALESCE(?, fingerprint),"
        + " wake_at = NULL, waiting_for = NULL WHERE workflow_id = ? RETURNING " + COLUMNS)) {
      s.setString(1, owner);
      s.setLong(2, leaseExpiresAt);
      s.setLong(3, now);
      s.setString(4, w.fingerprint());
      s.setString(5, w.workflowId());
      return workflows(s).get(0);
    }
  }

  /**
   * Records the outcome of the owner's run and ends its ownership.
   *
   * @return the run as stored, or null if the fence refused (nothing written)
   */
  WorkflowRecord finish(Connection c, String workflowId, String owner, WorkflowStatus outcome, String outputJson,
      long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET status = ?, output_json = ?, owner = NULL,"
        + " lease_expires_at = 0, updated_at = ?, wake_at = NULL, waiting_for = NULL"
        + " WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING' RETURNING " + COLUMNS)) {
      s.setString(1, outcome.name());
      s.setString(2, outputJson);
      s.setLong(3, now);
      s.setString(4, workflowId);
      s.setString(5, owner);
      List<WorkflowRecord> finished = workflows(s);
      return finished.isEmpty() ? null : finished.get(0);
    }
  }

  /**
   * Makes the owner's run PENDING, for any worker from {@code retryAt} on (0: at once).
   *
   * @return whether the fence passed (else nothing was written)
   */
  boolean release(Connection c, String workflowId, String owner, long retryAt, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET status = 'PENDING', owner = NULL,"
        + " lease_expires_at = 0, wake_at = ?, updated_at = ? WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'")) {
      if (retryAt > 0) {
        s.setLong(1, retryAt);
      } else {
        s.setNull(1, Types.BIGINT);
      }
      s.setLong(2, now);
      s.setString(3, workflowId);
      s.setString(4, owner);
      return s.executeUpdate() == 1;
    }
  }

  /** Makes the run, locked by the caller and held by it, WAITING until {@code wakeAt} or what it waits for. */
  void suspend(Connection c, String workflowId, long wakeAt, String waitingForJson, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET status = 'WAITING', owner = NULL,"
        + " lease_expires_at = 0, wake_at = ?, updated_at = ?, waiting_for = ? WHERE workflow_id = ?")) {
      s.setLong(1, wakeAt);
      s.setLong(2, now);
      s.setString(3, waitingForJson);
      s.setString(4, workflowId);
      s.executeUpdate();
    }
  }

  /** Makes {@code workflowId} due now if it is WAITING for {@code key}; returns whether it was. */
  boolean wake(Connection c, String workflowId, String key, long now) throws SQLException {
    // Only a run that waits for this key: an event nobody awaits, or a child nobody waits for, wakes
    // nothing (the run finds the event when it reaches the await).
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET wake_at = ?, updated_at = ?"
        + " WHERE workflow_id = ? AND status = 'WAITING' AND waiting_for::jsonb @> jsonb_build_array(?::text)")) {
      s.setLong(1, now);
      s.setLong(2, now);
      s.setString(3, workflowId);
      s.setString(4, key);
      return s.executeUpdate() > 0;
    }
  }

  /**
   * Marks the run and its unfinished descendants asked to cancel; the ones nobody holds become due
   * at once, so that a worker delivers the cancellation into their code.
   *
   * @return the ids of the runs made due
   */
  List<String> requestCancel(Connection c, String workflowId, long now) throws SQLException {
    // Its children (and theirs) are cancelled with it: their results would go to nobody.
    try (PreparedStatement s = c.prepareStatement("WITH RECURSIVE tree(id) AS (SELECT CAST(? AS TEXT) UNION"
        + " SELECT w.workflow_id FROM " + workflows + " w JOIN tree ON w.parent_id = tree.id)"
        + " UPDATE " + workflows + " SET cancel_requested = TRUE, updated_at = ?,"
        + " wake_at = CASE WHEN status IN ('PENDING', 'WAITING') AND cancelled_at IS NULL THEN ? ELSE wake_at END"
        + " WHERE workflow_id IN (SELECT id FROM tree) AND status IN ('PENDING', 'RUNNING', 'WAITING')"
        + " RETURNING workflow_id, status, cancelled_at")) {
      s.setString(1, workflowId);
      s.setLong(2, now);
      s.setLong(3, now);
      List<String> due = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (!"RUNNING".equals(rs.getString(2)) && rs.getString(3) == null) {
            due.add(rs.getString(1));
          }
        }
      }
      return due;
    }
  }

  /**
   * A child started by a parent whose cancellation was asked for meanwhile is cancelled too (the
   * cancellation's query ran before the child existed).
   */
  void inheritCancellation(Connection c, String childId, String parentId, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET cancel_requested = TRUE, wake_at = ?"
        + " WHERE workflow_id = ? AND status = 'PENDING' AND (SELECT cancel_requested FROM " + workflows
        + " WHERE workflow_id = ?)")) {
      s.setLong(1, now);
      s.setString(2, childId);
      s.setString(3, parentId);
      s.executeUpdate();
    }
  }

  /**
   * Records where the owner threw the cancellation into the run's code.
   *
   * @return whether the fence passed (else nothing was written)
   */
  boolean cancellationDelivered(Connection c, String workflowId, String owner, String position) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET cancelled_at = ?"
        + " WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'")) {
      s.setString(1, position);
      s.setString(2, workflowId);
      s.setString(3, owner);
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Counts a PENDING run as run once, so that its first claim resumes it from its history: for a
   * fork, whose history its source ran.
   */
  void markRun(Connection c, String workflowId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET runs = 1 WHERE workflow_id = ?"
        + " AND runs = 0")) {
      s.setString(1, workflowId);
      s.executeUpdate();
    }
  }

  /** Makes a WAITING run PENDING and due at once, with {@code fingerprint} as its code's; returns whether it was one. */
  boolean acceptCode(Connection c, String workflowId, String fingerprint, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET status = 'PENDING', fingerprint = ?,"
        + " wake_at = 0, waiting_for = NULL, updated_at = ? WHERE workflow_id = ? AND status = 'WAITING'")) {
      s.setString(1, fingerprint);
      s.setLong(2, now);
      s.setString(3, workflowId);
      return s.executeUpdate() == 1;
    }
  }

  /** Makes a FAILED or CANCELLED run PENDING again; returns whether it was one. */
  boolean restart(Connection c, String workflowId, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET status = 'PENDING', output_json = NULL,"
        + " wake_at = NULL, cancel_requested = FALSE, cancelled_at = NULL, updated_at = ?"
        + " WHERE workflow_id = ? AND status IN ('FAILED', 'CANCELLED')")) {
      s.setLong(1, now);
      s.setString(2, workflowId);
      return s.executeUpdate() == 1;
    }
  }

  void renewLeases(Connection c, String owner, Collection<String> workflowIds, long leaseExpiresAt)
      throws SQLException {
    Array ids = c.createArrayOf("text", workflowIds.toArray());
    try (PreparedStatement s = c.prepareStatement("UPDATE " + workflows + " SET lease_expires_at = ?"
        + " WHERE owner = ? AND status = 'RUNNING' AND workflow_id = ANY(?)")) {
      s.setLong(1, leaseExpiresAt);
      s.setString(2, owner);
      s.setArray(3, ids);
      s.executeUpdate();
    } finally {
      ids.free();
    }
  }

  void delete(Connection c, String workflowId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM " + workflows + " WHERE workflow_id = ?")) {
      s.setString(1, workflowId);
      s.executeUpdate();
    }
  }
}
