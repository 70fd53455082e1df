package dev.durable.internal.store.sqlite;

import dev.durable.internal.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of {@code durable_events}: storing events, finding the oldest one an await takes, marking
 * it consumed, and waking the run an event or a finished child concerns. Writes run on the store's
 * writer inside its transactions; reads on its reader (callers hold the read lock).
 */
final class EventTable {
  private static final String COLUMNS = "seq, workflow_id, name, payload_json, payload_type, sent_at, consumed_by";

  private final PreparedStatement insert;
  private final PreparedStatement consume;
  private final PreparedStatement pendingOnWriter;
  private final PreparedStatement wake;
  private final PreparedStatement delete;
  private final PreparedStatement inheritCancel;
  private final PreparedStatement oldest;
  private final PreparedStatement all;

  EventTable(Connection writer, Connection reader) throws SQLException {
    insert = writer.prepareStatement(
        "INSERT INTO durable_events (workflow_id, name, payload_json, payload_type, sent_at) VALUES (?, ?, ?, ?, ?)");
    consume = writer.prepareStatement("UPDATE durable_events SET consumed_by = ? WHERE seq = ? AND consumed_by IS NULL");
    pendingOnWriter = writer.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM durable_events WHERE workflow_id = ? AND name = ? AND consumed_by IS NULL)");
    // Only a run that waits for this key: an event nobody awaits, or a child nobody waits for,
    // wakes nothing (the run finds the event when it reaches the await).
    wake = writer.prepareStatement("UPDATE durable_workflows SET wake_at = ?1, updated_at = ?1 WHERE workflow_id = ?2"
        + " AND status = 'WAITING' AND EXISTS (SELECT 1 FROM json_each(waiting_for) WHERE value = ?3)");
    delete = writer.prepareStatement("DELETE FROM durable_events WHERE workflow_id = ?");
    inheritCancel = writer.prepareStatement("UPDATE durable_workflows SET cancel_requested = 1, wake_at = ?1"
        + " WHERE workflow_id = ?2 AND status = 'PENDING' AND (SELECT cancel_requested FROM durable_workflows"
        + " WHERE workflow_id = ?3) = 1");
    oldest = reader.prepareStatement("SELECT " + COLUMNS + " FROM durable_events WHERE workflow_id = ? AND name = ?"
        + " AND consumed_by IS NULL ORDER BY seq LIMIT 1");
    all = reader.prepareStatement("SELECT " + COLUMNS + " FROM durable_events WHERE workflow_id = ? ORDER BY seq");
  }

  void insert(String workflowId, String name, String payloadJson, String payloadType, long now) throws SQLException {
    insert.setString(1, workflowId);
    insert.setString(2, name);
    insert.setString(3, payloadJson);
    insert.setString(4, payloadType);
    insert.setLong(5, now);
    insert.executeUpdate();
  }

  boolean consume(long seq, String position) throws SQLException {
    consume.setString(1, position);
    consume.setLong(2, seq);
    return consume.executeUpdate() == 1;
  }

  /** Whether an event of that name waits for the run, seen inside the writer's transaction. */
  boolean pending(String workflowId, String name) throws SQLException {
    pendingOnWriter.setString(1, workflowId);
    pendingOnWriter.setString(2, name);
    try (ResultSet rs = pendingOnWriter.executeQuery()) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }

  /** Makes {@code workflowId} due now if it is WAITING for {@code key}; returns whether it was. */
  boolean wake(String workflowId, String key, long now) throws SQLException {
    wake.setLong(1, now);
    wake.setString(2, workflowId);
    wake.setString(3, key);
    return wake.executeUpdate() > 0;
  }

  /**
   * A child started by a parent whose cancellation was asked for meanwhile is cancelled too (the
   * cancellation's query ran before the child existed).
   */
  void inheritCancellation(String childId, String parentId, long now) throws SQLException {
    inheritCancel.setLong(1, now);
    inheritCancel.setString(2, childId);
    inheritCancel.setString(3, parentId);
    inheritCancel.executeUpdate();
  }

  void delete(String workflowId) throws SQLException {
    delete.setString(1, workflowId);
    delete.executeUpdate();
  }

  Optional<StoredEvent> oldest(String workflowId, String name) throws SQLException {
    oldest.setString(1, workflowId);
    oldest.setString(2, name);
    List<StoredEvent> found = read(oldest);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  List<StoredEvent> all(String workflowId) throws SQLException {
    all.setString(1, workflowId);
    return read(all);
  }

  private static List<StoredEvent> read(PreparedStatement statement) throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        events.add(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getLong(6), rs.getString(7)));
      }
    }
    return events;
  }
}
