package dev.durable.postgres;

import dev.durable.IncompatibleSchemaException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The PostgreSQL schema that holds Durable's tables: its name, the qualified names of its tables,
 * and its versioned creation. Version {@code n} is reached by applying {@link #MIGRATIONS}{@code
 * [0..n-1]} in one transaction; the version lives in {@code durable_schema}, as in the SQLite store.
 * Version 1 creates what SQLite reached in five versions, with the same table and column names.
 *
 * <p>Every table name is qualified with the schema, never found through {@code search_path}: an
 * application's DataSource hands out connections whose search path is the application's business.
 */
final class PostgresSchema {
  /** Lower case, so that it means the same quoted or not; short enough for {@link #channel()}. */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,47}");
  private static final String PLACEHOLDER = "{schema}";

  private static final List<List<String>> MIGRATIONS =
      List.of(
          // 1: runs, their step histories and their events.
          List.of(
              "CREATE TABLE {schema}.durable_schema (version INTEGER NOT NULL)",
              "INSERT INTO {schema}.durable_schema (version) VALUES (0)",
              """
              CREATE TABLE {schema}.durable_workflows (
                workflow_id      TEXT PRIMARY KEY,
                workflow_name    TEXT NOT NULL,
                class_name       TEXT NOT NULL,
                method           TEXT NOT NULL,
                arguments_json   TEXT NOT NULL,
                status           TEXT NOT NULL,
                output_json      TEXT,
                owner            TEXT,
                lease_expires_at BIGINT NOT NULL DEFAULT 0,
                runs             INTEGER NOT NULL,
                created_at       BIGINT NOT NULL,
                updated_at       BIGINT NOT NULL,
                fingerprint      TEXT,
                wake_at          BIGINT,
                cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
                cancelled_at     TEXT,
                parent_id        TEXT,
                waiting_for      TEXT
              )""",
              // Workers look for orphaned runs by owner, and engines for the runs they hold.
              "CREATE INDEX durable_workflows_running ON {schema}.durable_workflows (owner) WHERE status = 'RUNNING'",
              // What workers look for: runs nobody holds, by when they are due.
              "CREATE INDEX durable_workflows_ready ON {schema}.durable_workflows (wake_at)"
                  + " WHERE status IN ('PENDING', 'WAITING')",
              // list(): newest first.
              "CREATE INDEX durable_workflows_created ON {schema}.durable_workflows (created_at)",
              // A cancellation follows a run's children down the tree.
              "CREATE INDEX durable_workflows_parent ON {schema}.durable_workflows (parent_id) WHERE parent_id IS NOT NULL",
              """
              CREATE TABLE {schema}.durable_steps (
                workflow_id TEXT NOT NULL,
                position    TEXT NOT NULL,
                step_name   TEXT NOT NULL,
                status      TEXT NOT NULL,
                attempts    INTEGER NOT NULL,
                output_json TEXT,
                started_at  BIGINT NOT NULL,
                finished_at BIGINT,
                PRIMARY KEY (workflow_id, position)
              )""",
              // An event row stays after it is consumed, marked with the position of the await that
              // returned it, so that it is consumed once and the audit trail keeps it.
              """
              CREATE TABLE {schema}.durable_events (
                seq          BIGSERIAL PRIMARY KEY,
                workflow_id  TEXT NOT NULL,
                name         TEXT NOT NULL,
                payload_json TEXT NOT NULL,
                payload_type TEXT,
                sent_at      BIGINT NOT NULL,
                consumed_by  TEXT
              )""",
              // An await takes the oldest unconsumed event of its name.
              "CREATE INDEX durable_events_waiting ON {schema}.durable_events (workflow_id, name, seq)"
                  + " WHERE consumed_by IS NULL",
              // inspect() lists a run's events, consumed ones included, and delete() removes them.
              "CREATE INDEX durable_events_run ON {schema}.durable_events (workflow_id, seq)"));

  static final int CURRENT_VERSION = MIGRATIONS.size();

  private final String name;
  private final String quoted;

  private PostgresSchema(String name) {
    this.name = name;
    // Quoted, so that a valid name that is also a keyword ("order", "user") stays a name.
    this.quoted = '"' + name + '"';
  }

  /**
   * The schema called {@code name}.
   *
   * @throws IllegalArgumentException if it is not a plain lower-case identifier
   */
  static PostgresSchema named(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.startsWith("pg_")) {
      throw new IllegalArgumentException("'" + name + "' cannot be Durable's PostgreSQL schema: Durable wants a"
          + " lower-case name of letters, digits and underscores, at most 48 characters, not starting with a digit or"
          + " 'pg_'. Fix: give DurableEngine.builder(...).schema(...) a name such as \"durable\" or \"billing_durable\".");
    }
    return new PostgresSchema(name);
  }

  String name() {
    return name;
  }

  String workflows() {
    return quoted + ".durable_workflows";
  }

  String steps() {
    return quoted + ".durable_steps";
  }

  String events() {
    return quoted + ".durable_events";
  }

  /**
   * The LISTEN/NOTIFY channel on which this schema's writers announce runs made ready; one per
   * schema, so that engines on another schema of the database are not woken for nothing.
   */
  String channel() {
    return "durable_ready_" + name;
  }

  /**
   * Brings the schema to {@link #CURRENT_VERSION} on {@code c} and commits, creating it if it does
   * not exist. A schema already current is only read, so that a user who may not create anything
   * can use a schema an administrator created. Creation takes a transaction-scoped advisory lock, so
   * that processes opening an empty database at once create it one after the other: the later ones
   * find it current under the lock and do nothing.
   *
   * @param location the database for messages
   * @throws IncompatibleSchemaException if a newer version of Durable wrote the schema
   */
  void migrate(Connection c, String location) throws SQLException {
    int version = version(c);
    if (version == CURRENT_VERSION) {
      c.commit();
      return;
    }
    refuseNewer(version, location);
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "durable schema " + name);
      lock.execute();
    }
    // Checked first, rather than CREATE SCHEMA IF NOT EXISTS, which wants the CREATE privilege on the
    // database even when the schema exists.
    boolean exists;
    try (PreparedStatement find = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      find.setString(1, name);
      try (ResultSet rs = find.executeQuery()) {
        exists = rs.next();
      }
    }
    try (Statement s = c.createStatement()) {
      if (!exists) {
        s.execute("CREATE SCHEMA " + quoted);
      }
      // Read again under the lock: another process may have created or migrated it meanwhile.
      version = version(c);
      refuseNewer(version, location);
      for (int v = version; v < CURRENT_VERSION; v++) {
        for (String sql : MIGRATIONS.get(v)) {
          s.execute(sql.replace(PLACEHOLDER, quoted));
        }
      }
      s.execute("UPDATE " + quoted + ".durable_schema SET version = " + CURRENT_VERSION);
    }
    c.commit();
  }

  /** The stored version; 0 if the schema or its version table does not exist. */
  private int version(Connection c) throws SQLException {
    try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, quoted + ".durable_schema");
      try (ResultSet rs = exists.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return 0;
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version) FROM " + quoted + ".durable_schema")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private void refuseNewer(int version, String location) {
    if (version > CURRENT_VERSION) {
      throw new IncompatibleSchemaException(location, version, CURRENT_VERSION, "Durable's schema '" + name + "' in "
          + location + " has version " + version + ", written by a newer version of Durable; this one knows versions up"
          + " to " + CURRENT_VERSION + ". Nothing was changed. Fix: upgrade dev.durable:durable-postgres (and"
          + " durable-runtime) to the version the other engines on this database use, or give this engine a schema"
          + " of its own with DurableEngine.builder(...).schema(...).");
    }
  }
}
