package dev.durable.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The versioned schema. Version {@code n} is reached by applying {@link #MIGRATIONS}{@code [0..n-1]}
 * in one transaction; the version lives in {@code durable_schema} (not in {@code PRAGMA user_version},
 * which belongs to the application when it shares the file).
 */
final class SqliteSchema {
  /** {@code 'DURB'}: set on files Durable creates, so tools like {@code file(1)} can tell them. */
  static final int APPLICATION_ID = 0x44555242;

  private static final List<List<String>> MIGRATIONS =
      List.of(
          // 1: workflows and their step histories.
          List.of(
              "CREATE TABLE durable_schema (version INTEGER NOT NULL)",
              "INSERT INTO durable_schema (version) VALUES (0)",
              """
              CREATE TABLE durable_workflows (
                workflow_id      TEXT PRIMARY KEY NOT NULL,
                workflow_name    TEXT NOT NULL,
                class_name       TEXT NOT NULL,
                method           TEXT NOT NULL,
                arguments_json   TEXT NOT NULL,
                status           TEXT NOT NULL,
                output_json      TEXT,
                owner            TEXT,
                lease_expires_at INTEGER NOT NULL DEFAULT 0,
                runs             INTEGER NOT NULL,
                created_at       INTEGER NOT NULL,
                updated_at       INTEGER NOT NULL
              )""",
              // Only unfinished runs are listed by recover(); the index stays as small as they are.
              "CREATE INDEX durable_workflows_running ON durable_workflows (status) WHERE status = 'RUNNING'",
              """
              CREATE TABLE durable_steps (
                workflow_id TEXT NOT NULL,
                position    TEXT NOT NULL,
                step_name   TEXT NOT NULL,
                status      TEXT NOT NULL,
                attempts    INTEGER NOT NULL,
                output_json TEXT,
                started_at  INTEGER NOT NULL,
                finished_at INTEGER,
                PRIMARY KEY (workflow_id, position)
              )"""),
          // 2: the fingerprint of the code that ran a workflow, from the processor's descriptors.
          List.of("ALTER TABLE durable_workflows ADD COLUMN fingerprint TEXT"),
          // 3: step records are appended here first, without an index, and folded into durable_steps
          // in bulk (see StepLog). A row here overrides the durable_steps row of its position.
          List.of(
              """
              CREATE TABLE durable_step_log (
                workflow_id TEXT NOT NULL,
                position    TEXT NOT NULL,
                step_name   TEXT NOT NULL,
                status      TEXT NOT NULL,
                attempts    INTEGER NOT NULL,
                output_json TEXT,
                started_at  INTEGER NOT NULL,
                finished_at INTEGER
              )"""),
          // 4: engine-owned runs: durable timers, runs waiting for a worker, cancellation. A run that
          // no engine holds and that is not finished is PENDING now (it was RUNNING without owner).
          List.of(
              "ALTER TABLE durable_workflows ADD COLUMN wake_at INTEGER",
              "ALTER TABLE durable_workflows ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0",
              "ALTER TABLE durable_workflows ADD COLUMN cancelled_at TEXT",
              "UPDATE durable_workflows SET status = 'PENDING' WHERE status = 'RUNNING' AND owner IS NULL",
              // What workers look for: runs nobody holds, by when they are due.
              "CREATE INDEX durable_workflows_ready ON durable_workflows (wake_at)"
                  + " WHERE status IN ('PENDING', 'WAITING')",
              // list(): newest first.
              "CREATE INDEX durable_workflows_created ON durable_workflows (created_at)"),
          // 5: events sent to runs, and child workflows. An event row stays after it is consumed,
          // marked with the position of the await that returned it (in the same transaction as that
          // history entry), so that it is consumed once and the audit trail keeps it.
          List.of(
              "ALTER TABLE durable_workflows ADD COLUMN parent_id TEXT",
              // What a WAITING run waits for besides its timer: a JSON array of "event:NAME" and
              // "child:ID" keys, so that an event or a finished child wakes only the runs it concerns.
              "ALTER TABLE durable_workflows ADD COLUMN waiting_for TEXT",
              "CREATE INDEX durable_workflows_parent ON durable_workflows (parent_id) WHERE parent_id IS NOT NULL",
              """
              CREATE TABLE durable_events (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                workflow_id  TEXT NOT NULL,
                name         TEXT NOT NULL,
                payload_json TEXT NOT NULL,
                payload_type TEXT,
                sent_at      INTEGER NOT NULL,
                consumed_by  TEXT
              )""",
              // An await takes the oldest unconsumed event of its name.
              "CREATE INDEX durable_events_waiting ON durable_events (workflow_id, name, seq) WHERE consumed_by IS NULL",
              // inspect() lists a run's events, consumed ones included, and delete() removes them.
              "CREATE INDEX durable_events_run ON durable_events (workflow_id, seq)"));

  static final int CURRENT_VERSION = MIGRATIONS.size();

  private SqliteSchema() {}

  /**
   * Brings the schema from {@code fromVersion} to {@link #CURRENT_VERSION} inside the caller's
   * transaction.
   */
  static void migrate(Connection connection, int fromVersion) throws SQLException {
    migrate(connection, fromVersion, CURRENT_VERSION);
  }

  /** Visible for tests that build a database of an older version. */
  static void migrate(Connection connection, int fromVersion, int toVersion) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (int v = fromVersion; v < toVersion; v++) {
        for (String sql : MIGRATIONS.get(v)) {
          statement.execute(sql);
        }
      }
      statement.execute("UPDATE durable_schema SET version = " + toVersion);
    }
  }
}
