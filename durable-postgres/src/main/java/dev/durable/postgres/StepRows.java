package dev.durable.postgres;

import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SQL of {@code durable_steps}: a step's record is one row per position, written as an upsert so
 * that the latest record of a position wins (a start, then its outcome; a reopened step's next start)
 * and writing the same record twice leaves it as once. Also reopening failed steps, reading a
 * history, and deleting one.
 */
final class StepRows {
  private static final String COLUMNS = "workflow_id, position, step_name, status, attempts, output_json, started_at,"
      + " finished_at";

  private final String steps;
  private final String fencedUpsert;
  private final String startedUpsert;

  StepRows(PostgresSchema schema) {
    this.steps = schema.steps();
    // The fence is part of the write, in one round trip: nothing is written unless the owner holds
    // the running run, whose row stays locked FOR SHARE until the commit (see RunRows).
    this.fencedUpsert = "WITH fence AS (SELECT 1 FROM " + schema.workflows() + " WHERE workflow_id = ? AND owner = ?"
        + " AND status = 'RUNNING' FOR SHARE) INSERT INTO " + steps + " (" + COLUMNS + ")"
        + " SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM fence" + onConflict();
    // A marker may come after the step's outcome (it is written in the background): it replaces only
    // a record that says less, as SQLite's import of marker files does.
    this.startedUpsert = "WITH fence AS (SELECT 1 FROM " + schema.workflows() + " WHERE workflow_id = ? AND owner = ?"
        + " AND status = 'RUNNING' FOR SHARE) INSERT INTO " + steps + " AS s (" + COLUMNS + ")"
        + " SELECT ?, ?, ?, 'STARTED', ?, NULL, ?, NULL FROM fence ON CONFLICT (workflow_id, position) DO UPDATE SET"
        + " step_name = excluded.step_name, status = 'STARTED', attempts = excluded.attempts, output_json = NULL,"
        + " started_at = excluded.started_at, finished_at = NULL"
        + " WHERE s.status IN ('STARTED', 'REOPENED') AND s.attempts < excluded.attempts";
  }

  /** Writes started markers, in one round trip; a marker whose owner no longer holds its run is dropped. */
  void writeStarted(Connection c, List<StartedMarkers.Marker> markers) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(startedUpsert)) {
      for (StartedMarkers.Marker m : markers) {
        s.setString(1, m.workflowId());
        s.setString(2, m.owner());
        s.setString(3, m.workflowId());
        s.setString(4, m.step().position());
        s.setString(5, m.step().name());
        s.setInt(6, m.step().attempts());
        s.setLong(7, m.step().startedAt());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static String onConflict() {
    return " ON CONFLICT (workflow_id, position) DO UPDATE SET step_name = excluded.step_name, status = excluded.status,"
        + " attempts = excluded.attempts, output_json = excluded.output_json, started_at = excluded.started_at,"
        + " finished_at = excluded.finished_at";
  }

  /**
   * Writes the step's record if {@code owner} holds the running run.
   *
   * @return whether the fence passed (else nothing was written)
   */
  boolean writeFenced(Connection c, String workflowId, String owner, StepRecord step) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(fencedUpsert)) {
      s.setString(1, workflowId);
      s.setString(2, owner);
      bind(s, 3, workflowId, step);
      return s.executeUpdate() == 1;
    }
  }

  /** Writes the step's record; the caller has passed the run's fence in this transaction. */
  void write(Connection c, String workflowId, StepRecord step) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + steps + " (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)" + onConflict())) {
      bind(s, 1, workflowId, step);
      s.executeUpdate();
    }
  }

  private static void bind(PreparedStatement s, int first, String workflowId, StepRecord step) throws SQLException {
    s.setString(first, workflowId);
    s.setString(first + 1, step.position());
    s.setString(first + 2, step.name());
    s.setString(first + 3, step.status().name());
    s.setInt(first + 4, step.attempts());
    s.setString(first + 5, step.outputJson());
    s.setLong(first + 6, step.startedAt());
    if (step.finishedAt() == null) {
      s.setNull(first + 7, Types.BIGINT);
    } else {
      s.setLong(first + 7, step.finishedAt());
    }
  }

  /** Whether the record at the step's position says what {@code step} says: its status and output. */
  boolean holds(Connection c, String workflowId, StepRecord step) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT status, output_json FROM " + steps
        + " WHERE workflow_id = ? AND position = ?")) {
      s.setString(1, workflowId);
      s.setString(2, step.position());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && step.status().name().equals(rs.getString(1))
            && Objects.equals(step.outputJson(), rs.getString(2));
      }
    }
  }

  /** Marks the failed steps at {@code positions} REOPENED, so that they run again on resume. */
  void reopen(Connection c, String workflowId, List<String> positions) throws SQLException {
    if (positions.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("UPDATE " + steps + " SET status = 'REOPENED'"
        + " WHERE workflow_id = ? AND position = ANY (?) AND status = 'FAILED'")) {
      s.setString(1, workflowId);
      s.setArray(2, c.createArrayOf("text", positions.toArray()));
      s.executeUpdate();
    }
  }

  /** The whole history, timestamps included, in no particular order. */
  List<StepRecord> history(Connection c, String workflowId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT position, step_name, status, attempts, output_json,"
        + " started_at, finished_at FROM " + steps + " WHERE workflow_id = ?")) {
      s.setString(1, workflowId);
      List<StepRecord> history = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long finished = rs.getLong(7);
          // wasNull() speaks of the column read last, so it is asked right after column 7.
          Long finishedAt = rs.wasNull() ? null : finished;
          history.add(new StepRecord(rs.getString(1), rs.getString(2), StepStatus.valueOf(rs.getString(3)),
              rs.getInt(4), rs.getString(5), rs.getLong(6), finishedAt));
        }
      }
      return history;
    }
  }

  /** The history as replay reads it: without the timestamps, which it does not need. */
  List<RecordedStep> replayHistory(Connection c, String workflowId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT position, step_name, status, attempts, output_json FROM "
        + steps + " WHERE workflow_id = ?")) {
      s.setString(1, workflowId);
      List<RecordedStep> history = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          history.add(new RecordedStep(rs.getString(1), rs.getString(2), StepStatus.valueOf(rs.getString(3)),
              rs.getInt(4), rs.getString(5)));
        }
      }
      return history;
    }
  }

  void delete(Connection c, String workflowId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM " + steps + " WHERE workflow_id = ?")) {
      s.setString(1, workflowId);
      s.executeUpdate();
    }
  }
}
