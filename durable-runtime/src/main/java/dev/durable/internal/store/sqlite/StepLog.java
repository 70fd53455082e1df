package dev.durable.internal.store.sqlite;

import dev.durable.internal.store.StepRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The step log: where step records are written first, as appended rows of a table without an index
 * ({@code durable_step_log}), and from which they are folded into the indexed {@code durable_steps}
 * in bulk.
 *
 * <p>Why: a row of {@code durable_steps} lives in its workflow's part of the primary-key index, so a
 * commit holding the steps of 64 workflows dirtied 64 index pages, each written to the write-ahead
 * log before the sync. That, not the sync, capped how many concurrent steps one commit could make
 * durable (measured with plain sqlite-jdbc on the benchmark machine: 64 steps per commit reached
 * 7x the single-row commit rate in the indexed table, 22x appended to a table without an index).
 * Appended rows share the log's last page whichever workflow they belong to. A fold moves many
 * steps of each workflow at once, so each index page it dirties serves many steps, and it needs no
 * sync of its own (see {@link #fold}).
 *
 * <p>The record of a step is its latest row: a log row overrides the {@code durable_steps} row of
 * the same position, and a later log row (higher rowid) an earlier one. Readers merge the two with
 * {@link #latest}. The log stays short, at most about {@link #FOLD_EVERY} rows per engine, so the
 * scans that read it (a history, a deletion) cost the same however long the history grows.
 */
final class StepLog {
  /**
   * Steps an engine appends before it folds the log. A fold costs about one index page per workflow
   * it touches, however few of that workflow's rows it moves, so with many concurrent workflows a
   * larger fold costs less per step: with 64, folding 1,000 rows wrote 200 pages to the write-ahead
   * log and 4,000 rows 310, and 64 workflows made 6 to 18% more steps durable per second with 4,000
   * than with 1,000 (alternated in one JVM, on platform and on virtual threads); 10,000 added no more.
   * The price is a longer scan wherever one workflow's logged rows are read (a resume, an
   * inspection, a deletion): 0.3 ms at 4,000 rows against 0.08 at 1,000, once per call (a new
   * workflow reads no history at all); and each fold holds the writer longer, 13 to 20 ms for 4,000
   * rows of 64 workflows on a RAM disk against 6 to 7 ms for 1,000, though four times less often.
   */
  static final int FOLD_EVERY = 4000;

  static final String COLUMNS = "workflow_id, position, step_name, status, attempts, output_json, started_at, finished_at";

  // The owner fence is part of the write: no row is written unless the caller owns the running
  // workflow (a separate fence query per step cost a tenth of the step's SQL time).
  private static final String FENCED_APPEND =
      "INSERT INTO durable_step_log (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS"
          + " (SELECT 1 FROM durable_workflows WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING')";
  // For a workflow whose ownership the transaction has checked already (see FenceCache).
  private static final String APPEND = "INSERT INTO durable_step_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final Connection writer;
  // Not final: re-prepared after a failed execution, which sqlite-jdbc can leave unusable.
  private PreparedStatement fencedAppend;
  private PreparedStatement append;
  private final PreparedStatement anyLogged;
  private final PreparedStatement foldRows;
  private final PreparedStatement clear;
  private final PreparedStatement deleteWorkflow;

  StepLog(Connection writer) throws SQLException {
    this.writer = writer;
    this.fencedAppend = writer.prepareStatement(FENCED_APPEND);
    this.append = writer.prepareStatement(APPEND);
    this.anyLogged = writer.prepareStatement("SELECT EXISTS (SELECT 1 FROM durable_step_log)");
    // In rowid order within each workflow, so that of two rows for one position the later is applied
    // last and stays. Workflow by workflow, so that a workflow's rows land next to each other in
    // durable_steps: in plain log order the rows of concurrent workflows interleaved, and a history
    // touched a table page for every two or three of its rows (reading the history of a 10,000-step
    // workflow that ran beside 15 others, on a fresh connection: 1.7 to 1.8 µs per row in log order,
    // 1.1 to 1.2 in this order).
    // ("WHERE true" resolves SQLite's parsing ambiguity between a SELECT's clauses and ON CONFLICT.)
    this.foldRows = writer.prepareStatement(
        "INSERT INTO durable_steps (" + COLUMNS + ") SELECT " + COLUMNS + " FROM durable_step_log WHERE true"
            + " ORDER BY workflow_id, rowid"
            + " ON CONFLICT (workflow_id, position) DO UPDATE SET step_name = excluded.step_name, status = excluded.status,"
            + " attempts = excluded.attempts, output_json = excluded.output_json, started_at = excluded.started_at,"
            + " finished_at = excluded.finished_at");
    // Without a WHERE clause SQLite empties the table wholesale instead of row by row.
    this.clear = writer.prepareStatement("DELETE FROM durable_step_log");
    this.deleteWorkflow = writer.prepareStatement("DELETE FROM durable_step_log WHERE workflow_id = ?");
  }

  /**
   * Appends the record of a step: if {@code fenced}, only if {@code owner} owns the running workflow;
   * otherwise the caller has checked that already, in this transaction.
   *
   * @return 1 if written, 0 if the fence refused it
   */
  int append(String workflowId, String owner, StepRecord step, boolean fenced) throws SQLException {
    PreparedStatement statement = fenced ? fencedAppend : append;
    try {
      statement.setString(1, workflowId);
      statement.setString(2, step.position());
      statement.setString(3, step.name());
      statement.setString(4, step.status().name());
      statement.setInt(5, step.attempts());
      statement.setString(6, step.outputJson());
      statement.setLong(7, step.startedAt());
      if (step.finishedAt() == null) {
        statement.setNull(8, Types.INTEGER);
      } else {
        statement.setLong(8, step.finishedAt());
      }
      if (fenced) {
        statement.setString(9, workflowId);
        statement.setString(10, owner);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      renewAppend(e);
      throw e;
    }
  }

  /**
   * After the append failed: it runs autocommitted when alone, so a failed commit (SQLITE_FULL) is
   * its failure, and sqlite-jdbc then leaves it "not executing" for good. A fresh one replaces it.
   */
  private void renewAppend(SQLException failure) {
    for (PreparedStatement statement : new PreparedStatement[] {fencedAppend, append}) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
    try {
      fencedAppend = writer.prepareStatement(FENCED_APPEND);
      append = writer.prepareStatement(APPEND);
    } catch (SQLException e) {
      // The next step write fails on the closed statement and says so; nothing more can be done here.
      failure.addSuppressed(e);
    }
  }

  /**
   * Moves every logged row into {@code durable_steps}, inside the caller's transaction. It changes
   * where records live, not what they say, so its commit need not be synced: a write-ahead log
   * loses only a suffix of its transactions, so power lost before a later synced commit undoes the
   * fold whole, leaving the rows in the log, and a later synced commit syncs the fold with it.
   */
  void fold() throws SQLException {
    try (ResultSet rs = anyLogged.executeQuery()) {
      if (!rs.next() || rs.getInt(1) == 0) {
        return;
      }
    }
    foldRows.executeUpdate();
    clear.executeUpdate();
  }

  /** Deletes the logged rows of one workflow, inside the caller's transaction. */
  void delete(String workflowId) throws SQLException {
    deleteWorkflow.setString(1, workflowId);
    deleteWorkflow.executeUpdate();
  }

  /**
   * The latest record of each position: {@code folded} (rows of {@code durable_steps}, one per
   * position) overridden by {@code logged}.
   *
   * @param logged rows of the log in rowid order: a later row of a position overrides an earlier one
   */
  static <T> List<T> latest(List<T> folded, List<T> logged, Function<T, String> position) {
    if (logged.isEmpty()) {
      return folded;
    }
    Map<String, T> override = new HashMap<>();
    List<String> newPositions = new ArrayList<>();
    for (T row : logged) {
      if (override.put(position.apply(row), row) == null) {
        newPositions.add(position.apply(row));
      }
    }
    List<T> result = new ArrayList<>(folded.size() + newPositions.size());
    for (T row : folded) {
      T newer = override.remove(position.apply(row));
      result.add(newer != null ? newer : row);
    }
    for (String p : newPositions) {
      T row = override.get(p);
      if (row != null) {
        result.add(row);
      }
    }
    return result;
  }
}
