package dev.durable.internal.store.sqlite;

import dev.durable.LeaseLostException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;

/**
 * The writes to {@code durable_workflows}, on the store's writer inside its transactions: claims and
 * takeovers, finishing, giving back and suspending a run, enqueuing runs and children, cancellation,
 * restarts, leases, deletion, and storing events with the wake-up they cause. Also the owner fence
 * every write to a run passes, and how a row becomes a {@link WorkflowRecord}.
 */
final class WorkflowRows {
  static final String COLUMNS =
      "workflow_id, workflow_name, class_name, method, arguments_json, status, output_json, fingerprint,"
          + " owner, lease_expires_at, runs, created_at, updated_at, wake_at, cancel_requested, cancelled_at, parent_id,"
          + " waiting_for";

  private final Path file;
  private final EventTable events;
  private final PreparedStatement selectForWrite;
  private final PreparedStatement insertRunning;
  private final PreparedStatement takeOver;
  private final PreparedStatement fence;
  private final PreparedStatement finish;
  private final PreparedStatement reopenStep;
  private final PreparedStatement release;
  private final PreparedStatement suspend;
  private final PreparedStatement insertPending;
  private final PreparedStatement markRun;
  private final PreparedStatement acceptCode;
  private final PreparedStatement requestCancel;
  private final PreparedStatement cancellationDelivered;
  private final PreparedStatement restart;
  private final PreparedStatement renew;
  private final PreparedStatement deleteSteps;
  private final PreparedStatement deleteWorkflow;

  WorkflowRows(Path file, Connection writer, EventTable events) throws SQLException {
    this.file = file;
    this.events = events;
    selectForWrite = writer.prepareStatement("SELECT " + COLUMNS + " FROM durable_workflows WHERE workflow_id = ?");
    insertRunning = writer.prepareStatement(
        "INSERT INTO durable_workflows (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, 'RUNNING', NULL, ?, ?, ?, 1, ?, ?,"
            + " NULL, 0, NULL, NULL, NULL)");
    takeOver = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'RUNNING', output_json = NULL, owner = ?, lease_expires_at = ?,"
            + " runs = runs + 1, updated_at = ?, fingerprint = COALESCE(?, fingerprint), wake_at = NULL, waiting_for = NULL"
            + " WHERE workflow_id = ?");
    fence = writer.prepareStatement("SELECT owner, status FROM durable_workflows WHERE workflow_id = ?");
    finish = writer.prepareStatement(
        "UPDATE durable_workflows SET status = ?, output_json = ?, owner = NULL, lease_expires_at = 0, updated_at = ?,"
            + " wake_at = NULL, waiting_for = NULL WHERE workflow_id = ?");
    reopenStep = writer.prepareStatement(
        "UPDATE durable_steps SET status = 'REOPENED' WHERE workflow_id = ? AND position = ? AND status = 'FAILED'");
    // Given back: PENDING, for any worker (at once, or after retryAt when an engine error stopped it).
    release = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'PENDING', owner = NULL, lease_expires_at = 0, wake_at = ?, updated_at = ?"
            + " WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'");
    suspend = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'WAITING', owner = NULL, lease_expires_at = 0, wake_at = ?, updated_at = ?,"
            + " waiting_for = ? WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'");
    acceptCode = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'PENDING', fingerprint = ?, wake_at = 0, waiting_for = NULL, updated_at = ?"
            + " WHERE workflow_id = ? AND status = 'WAITING'");
    markRun = writer.prepareStatement("UPDATE durable_workflows SET runs = 1 WHERE workflow_id = ? AND runs = 0");
    insertPending = writer.prepareStatement(
        "INSERT INTO durable_workflows (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, 'PENDING', NULL, ?, NULL, 0, 0, ?, ?,"
            + " NULL, 0, NULL, ?, NULL) ON CONFLICT (workflow_id) DO NOTHING");
    // A run nobody holds is due at once, so that a worker delivers the cancellation into its code.
    // Its children (and theirs) are cancelled with it: their results would go to nobody.
    requestCancel = writer.prepareStatement(
        "WITH RECURSIVE tree(id) AS (SELECT ?3 UNION SELECT w.workflow_id FROM durable_workflows w JOIN tree"
            + " ON w.parent_id = tree.id) UPDATE durable_workflows SET cancel_requested = 1, updated_at = ?1,"
            + " wake_at = CASE WHEN status IN ('PENDING', 'WAITING') AND cancelled_at IS NULL THEN ?2 ELSE wake_at END"
            + " WHERE workflow_id IN (SELECT id FROM tree) AND status IN ('PENDING', 'RUNNING', 'WAITING')");
    cancellationDelivered = writer.prepareStatement(
        "UPDATE durable_workflows SET cancelled_at = ? WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'");
    restart = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'PENDING', output_json = NULL, wake_at = NULL, cancel_requested = 0,"
            + " cancelled_at = NULL, updated_at = ? WHERE workflow_id = ? AND status IN ('FAILED', 'CANCELLED')");
    renew = writer.prepareStatement(
        "UPDATE durable_workflows SET lease_expires_at = ? WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'");
    deleteSteps = writer.prepareStatement("DELETE FROM durable_steps WHERE workflow_id = ?");
    deleteWorkflow = writer.prepareStatement("DELETE FROM durable_workflows WHERE workflow_id = ?");
  }

  /** One row of {@link #COLUMNS}. */
  static WorkflowRecord workflow(ResultSet rs) throws SQLException {
    return new WorkflowRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        WorkflowStatus.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10),
        rs.getInt(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getInt(15) != 0, rs.getString(16),
        rs.getString(17), WaitKeys.fromJson(rs.getString(18)));
  }

  /** The run as the writer's transaction sees it; null if there is none. */
  WorkflowRecord readForWrite(String workflowId) throws SQLException {
    selectForWrite.setString(1, workflowId);
    try (ResultSet rs = selectForWrite.executeQuery()) {
      return rs.next() ? workflow(rs) : null;
    }
  }

  /** The fence: only the engine that owns a running workflow may write to it. */
  void checkOwner(String workflowId, String owner) throws SQLException {
    fence.setString(1, workflowId);
    try (ResultSet rs = fence.executeQuery()) {
      if (!rs.next()) {
        throw new LeaseLostException("Workflow '" + workflowId + "' was deleted from " + file
            + " while this engine ran it; nothing more is recorded for it.");
      }
      String current = rs.getString(1);
      if (!owner.equals(current) || !"RUNNING".equals(rs.getString(2))) {
        throw new LeaseLostException("This engine (" + owner + ") no longer owns workflow '" + workflowId + "'"
            + (current == null ? "" : "; " + current + " does") + ", because its lease expired (a pause longer"
            + " than the lease duration?). Its result was not recorded; the current owner's history stands."
            + " Fix: nothing to repair; raise leaseDuration if pauses this long are expected.");
      }
    }
  }

  /** Records a new run, RUNNING under {@code owner}; returns it as stored. */
  WorkflowRecord insertRunning(NewWorkflow w, String owner, long leaseExpiresAt, long now) throws SQLException {
    bindCall(insertRunning, w);
    insertRunning.setString(7, owner);
    insertRunning.setLong(8, leaseExpiresAt);
    insertRunning.setLong(9, now);
    insertRunning.setLong(10, now);
    insertRunning.executeUpdate();
    return readForWrite(w.workflowId());
  }

  /** Makes an existing run RUNNING under {@code owner}, one more run; returns it as stored. */
  WorkflowRecord takeOver(NewWorkflow w, String owner, long leaseExpiresAt, long now) throws SQLException {
    takeOver.setString(1, owner);
    takeOver.setLong(2, leaseExpiresAt);
    takeOver.setLong(3, now);
    takeOver.setString(4, w.fingerprint());
    takeOver.setString(5, w.workflowId());
    takeOver.executeUpdate();
    return readForWrite(w.workflowId());
  }

  /** Records {@code w} PENDING unless its id exists; returns the run stored under the id. */
  WorkflowRecord insertPending(NewWorkflow w, String parentId, long now) throws SQLException {
    bindCall(insertPending, w);
    insertPending.setLong(7, now);
    insertPending.setLong(8, now);
    insertPending.setString(9, parentId);
    insertPending.executeUpdate();
    return readForWrite(w.workflowId());
  }

  /**
   * Lets a run held for changed code go on (see {@code WorkflowStore.acceptCode}).
   *
   * @return the run as stored afterwards, or null if there is none
   */
  WorkflowRecord acceptCode(String workflowId, String fingerprint, long now) throws SQLException {
    WorkflowRecord run = readForWrite(workflowId);
    if (run == null || run.status() != WorkflowStatus.WAITING) {
      return run;
    }
    String awaited = run.waitingFor().stream().map(WaitKeys::codeFingerprint).filter(f -> f != null)
        .findFirst().orElse(null);
    if (awaited == null) {
      return run;
    }
    acceptCode.setString(1, fingerprint != null ? fingerprint : awaited);
    acceptCode.setLong(2, now);
    acceptCode.setString(3, workflowId);
    acceptCode.executeUpdate();
    return readForWrite(workflowId);
  }

  /**
   * Counts a PENDING run as run once, so that its first claim resumes it from its history instead of
   * starting it afresh: for a fork, whose history was run by its source.
   */
  void markRun(String workflowId) throws SQLException {
    markRun.setString(1, workflowId);
    markRun.executeUpdate();
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

  /** Reopens failed steps, records the run's outcome and ends its ownership; a parent waiting for it becomes due. */
  void finish(String workflowId, WorkflowStatus outcome, String outputJson, List<String> reopen, long now)
      throws SQLException {
    for (String position : reopen) {
      reopenStep.setString(1, workflowId);
      reopenStep.setString(2, position);
      reopenStep.executeUpdate();
    }
    finish.setString(1, outcome.name());
    finish.setString(2, outputJson);
    finish.setLong(3, now);
    finish.setString(4, workflowId);
    finish.executeUpdate();
    WorkflowRecord finished = readForWrite(workflowId);
    if (finished != null && finished.parentId() != null) {
      events.wake(finished.parentId(), WaitKeys.child(workflowId), now);
    }
  }

  /** Makes the owner's run PENDING, for any worker from {@code retryAt} on (0: at once). */
  void release(String workflowId, String owner, long retryAt, long now) throws SQLException {
    if (retryAt > 0) {
      release.setLong(1, retryAt);
    } else {
      release.setNull(1, Types.INTEGER);
    }
    release.setLong(2, now);
    release.setString(3, workflowId);
    release.setString(4, owner);
    if (release.executeUpdate() == 0) {
      checkOwner(workflowId, owner);
    }
  }

  /**
   * Makes the owner's run WAITING until {@code wakeAt} or what {@code waitingFor} names; due at once
   * if that came while it ran. Returns when it is due as stored.
   */
  long suspend(String workflowId, String owner, long wakeAt, List<String> waitingFor, long now) throws SQLException {
    // What it waits for may have come while it ran: then it is due now, or nothing would wake it.
    long at = arrived(workflowId, waitingFor) ? now : wakeAt;
    suspend.setLong(1, at);
    suspend.setLong(2, now);
    suspend.setString(3, WaitKeys.toJson(waitingFor));
    suspend.setString(4, workflowId);
    suspend.setString(5, owner);
    if (suspend.executeUpdate() == 0) {
      checkOwner(workflowId, owner);
    }
    return at;
  }

  /** Whether an awaited event is stored or an awaited child has finished. */
  private boolean arrived(String workflowId, List<String> waitingFor) throws SQLException {
    for (String key : waitingFor) {
      String event = WaitKeys.eventName(key);
      if (event != null && events.pending(workflowId, event)) {
        return true;
      }
      String child = WaitKeys.childId(key);
      if (child != null) {
        WorkflowRecord c = readForWrite(child);
        if (c == null || c.status().isFinished()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Stores the event if its run exists and has not completed, and wakes the run if it waits for it. */
  EventDelivery storeEvent(String workflowId, String name, String payloadJson, String payloadType, long now)
      throws SQLException {
    WorkflowRecord target = readForWrite(workflowId);
    if (target == null || target.status() == WorkflowStatus.COMPLETED) {
      return new EventDelivery(target, false, false);
    }
    events.insert(workflowId, name, payloadJson, payloadType, now);
    boolean woken = events.wake(workflowId, WaitKeys.event(name), now);
    return new EventDelivery(woken ? readForWrite(workflowId) : target, true, woken);
  }

  /** Marks the run and its unfinished descendants asked to cancel; returns the run as stored. */
  WorkflowRecord requestCancel(String workflowId, long now) throws SQLException {
    requestCancel.setLong(1, now);
    requestCancel.setLong(2, now);
    requestCancel.setString(3, workflowId);
    requestCancel.executeUpdate();
    return readForWrite(workflowId);
  }

  void cancellationDelivered(String workflowId, String owner, String position) throws SQLException {
    cancellationDelivered.setString(1, position);
    cancellationDelivered.setString(2, workflowId);
    cancellationDelivered.setString(3, owner);
    if (cancellationDelivered.executeUpdate() == 0) {
      checkOwner(workflowId, owner);
    }
  }

  /** Makes a FAILED or CANCELLED run PENDING again; returns the run as stored. */
  WorkflowRecord restart(String workflowId, long now) throws SQLException {
    restart.setLong(1, now);
    restart.setString(2, workflowId);
    restart.executeUpdate();
    return readForWrite(workflowId);
  }

  void renewLeases(String owner, Collection<String> workflowIds, long leaseExpiresAt) throws SQLException {
    for (String id : workflowIds) {
      renew.setLong(1, leaseExpiresAt);
      renew.setString(2, id);
      renew.setString(3, owner);
      renew.executeUpdate();
    }
  }

  /** Deletes the run, its folded steps and its events (the caller deletes its logged steps). */
  void delete(String workflowId) throws SQLException {
    deleteSteps.setString(1, workflowId);
    deleteSteps.executeUpdate();
    deleteWorkflow.setString(1, workflowId);
    deleteWorkflow.executeUpdate();
    events.delete(workflowId);
  }
}
