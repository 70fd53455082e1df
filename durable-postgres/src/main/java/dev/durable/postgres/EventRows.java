package dev.durable.postgres;

import dev.durable.internal.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of {@code durable_events}: storing an event, finding the oldest one an await takes,
 * marking it consumed, telling whether one is waiting, and deleting a run's events.
 */
final class EventRows {
  private static final String COLUMNS = "seq, workflow_id, name, payload_json, payload_type, sent_at, consumed_by";

  private final String events;

  EventRows(PostgresSchema schema) {
    this.events = schema.events();
  }

  void insert(Connection c, String workflowId, String name, String payloadJson, String payloadType, long now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + events
        + " (workflow_id, name, payload_json, payload_type, sent_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, workflowId);
      s.setString(2, name);
      s.setString(3, payloadJson);
      s.setString(4, payloadType);
      s.setLong(5, now);
      s.executeUpdate();
    }
  }

  /**
   * Whether this very event (run, name, payload, and the sending call's clock reading) is stored: how
   * a send retried after a commit of unknown outcome tells whether its first attempt got through.
   */
  boolean stored(Connection c, String workflowId, String name, String payloadJson, long sentAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + events + " WHERE workflow_id = ? AND name = ?"
        + " AND sent_at = ? AND payload_json = ?")) {
      s.setString(1, workflowId);
      s.setString(2, name);
      s.setLong(3, sentAt);
      s.setString(4, payloadJson);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Marks event {@code seq} consumed by the await at {@code position}; false if it was consumed already. */
  boolean consume(Connection c, long seq, String position) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + events + " SET consumed_by = ?"
        + " WHERE seq = ? AND consumed_by IS NULL")) {
      s.setString(1, position);
      s.setLong(2, seq);
      return s.executeUpdate() == 1;
    }
  }

  /** The position of the await that consumed event {@code seq}, or null. */
  String consumedBy(Connection c, long seq) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT consumed_by FROM " + events + " WHERE seq = ?")) {
      s.setLong(1, seq);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Whether an event of that name waits for the run. */
  boolean pending(Connection c, String workflowId, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + events + " WHERE workflow_id = ? AND name = ?"
        + " AND consumed_by IS NULL LIMIT 1")) {
      s.setString(1, workflowId);
      s.setString(2, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  void delete(Connection c, String workflowId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM " + events + " WHERE workflow_id = ?")) {
      s.setString(1, workflowId);
      s.executeUpdate();
    }
  }

  /** The oldest event of that name not consumed yet. */
  Optional<StoredEvent> oldest(Connection c, String workflowId, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + events + " WHERE workflow_id = ?"
        + " AND name = ? AND consumed_by IS NULL ORDER BY seq LIMIT 1")) {
      s.setString(1, workflowId);
      s.setString(2, name);
      List<StoredEvent> found = read(s);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  /** The run's events in the order they were stored, consumed ones included. */
  List<StoredEvent> all(Connection c, String workflowId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + events + " WHERE workflow_id = ?"
        + " ORDER BY seq")) {
      s.setString(1, workflowId);
      return read(s);
    }
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
