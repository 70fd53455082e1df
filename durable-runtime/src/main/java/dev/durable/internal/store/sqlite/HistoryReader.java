package dev.durable.internal.store.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run's history on the store's read connection (callers hold its lock) from both places a
 * step record can be, folded ({@code durable_steps}) and logged ({@code durable_step_log}), in one
 * statement so in one snapshot, and merges them with {@link StepLog#latest}.
 */
final class HistoryReader {
  /** SQLite's result code for a value over its length limit. */
  private static final int SQLITE_TOOBIG = 18;
  /** Parses histories; strings of any length, as a step may have stored a result of many megabytes. */
  private static final JsonFactory HISTORY_JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  private final PreparedStatement selectHistory;
  private final PreparedStatement selectReplayHistory;

  HistoryReader(Connection reader) throws SQLException {
    // One query, so one snapshot, over both places a step record can be: folded (seq 0) and logged (its rowid).
    String bothPlaces = "SELECT position, step_name, status, attempts, output_json, started_at, finished_at, 0 AS seq"
        + " FROM durable_steps WHERE workflow_id = ?1 UNION ALL SELECT position, step_name, status, attempts, output_json,"
        + " started_at, finished_at, rowid FROM durable_step_log WHERE workflow_id = ?1";
    // Folded rows (seq 0) first, then the log's in log order, the order StepLog.latest applies them in.
    selectHistory = reader.prepareStatement(bothPlaces + " ORDER BY seq");
    // Replay's view: both places again, one snapshot (one statement), each as one JSON array built
    // by SQLite, the log's in log order. No timestamps: converting them cost a third of the query.
    String replayRow = "json_array(position, step_name, status, attempts, output_json)";
    selectReplayHistory = reader.prepareStatement(
        "SELECT (SELECT json_group_array(" + replayRow + ") FROM durable_steps WHERE workflow_id = ?1),"
            + " (SELECT json_group_array(" + replayRow + " ORDER BY rowid) FROM durable_step_log WHERE workflow_id = ?1)");
  }

  /** The whole history, timestamps included. */
  List<StepRecord> history(String workflowId) throws SQLException {
    selectHistory.setString(1, workflowId);
    List<StepRecord> folded = new ArrayList<>();
    List<StepRecord> logged = new ArrayList<>();
    try (ResultSet rs = selectHistory.executeQuery()) {
      while (rs.next()) {
        long finished = rs.getLong(7);
        // wasNull() speaks of the column read last, so it is asked right after column 7.
        Long finishedAt = rs.wasNull() ? null : finished;
        StepRecord step = new StepRecord(rs.getString(1), rs.getString(2), StepStatus.valueOf(rs.getString(3)),
            rs.getInt(4), rs.getString(5), rs.getLong(6), finishedAt);
        long seq = rs.getLong(8);
        if (seq == 0) {
          folded.add(step);
        } else {
          logged.add(step);
        }
      }
    }
    return StepLog.latest(folded, logged, StepRecord::position);
  }

  /**
   * The history as two JSON arrays built by SQLite (folded rows, logged rows). Reading it row by row,
   * as {@link #history} does, costs seven JNI calls per row and was most of the cost of replaying a
   * long workflow; one value per place and a streaming parse take less than half the time. A history
   * over SQLite's limit for one value (1 GB) is read row by row instead.
   */
  List<RecordedStep> replayHistory(String workflowId) throws SQLException {
    String folded;
    String logged;
    try {
      selectReplayHistory.setString(1, workflowId);
      try (ResultSet rs = selectReplayHistory.executeQuery()) {
        rs.next();
        folded = rs.getString(1);
        logged = rs.getString(2);
      }
    } catch (SQLException e) {
      if (e.getErrorCode() == SQLITE_TOOBIG) {
        return history(workflowId).stream().map(RecordedStep::of).toList();
      }
      throw e;
    }
    return StepLog.latest(recordedSteps(folded), recordedSteps(logged), RecordedStep::position);
  }

  /** Parses one array of {@link #selectReplayHistory}: {@code [[position, name, status, attempts, output], ...]}. */
  private static List<RecordedStep> recordedSteps(String json) throws SQLException {
    List<RecordedStep> steps = new ArrayList<>();
    String previousName = null;
    try (JsonParser p = HISTORY_JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.START_ARRAY) {
        String position = text(p);
        String name = text(p);
        // Consecutive rows mostly share a name; one instance for all keeps long histories small.
        name = name.equals(previousName) ? previousName : name;
        previousName = name;
        StepStatus status = StepStatus.valueOf(text(p));
        p.nextToken();
        int attempts = p.getIntValue();
        String output = text(p);
        p.nextToken();
        steps.add(new RecordedStep(position, name, status, attempts, output));
      }
    } catch (IOException | RuntimeException e) {
      throw new SQLException("it came back from SQLite as unreadable JSON: " + e, e);
    }
    return steps;
  }

  private static String text(JsonParser p) throws IOException {
    return p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText();
  }
}
