package dev.durable.cli;

import dev.durable.DurableStoreException;
import dev.durable.WorkflowStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * Every error text of the command line, in one place so that the wording stays the same: what
 * happened, why it matters, and the fix. Each is one line: a shell user reads the first line only.
 */
final class Messages {
  private Messages() {}

  static String missingDatabase() {
    return "Missing the database: which file or server to look at. Fix: give it as --db PATH or --db URL, for"
        + " example 'durable --db onboarding.db list' or 'durable --db jdbc:postgresql://HOST/DB?user=U list'.";
  }

  static String noSuchFile(Path file) {
    return "No database file at " + file + ". The durable command never creates one, so that a mistyped path"
        + " cannot leave an empty database behind. Fix: give the path of the SQLite file the application's engine"
        + " uses (DurableEngine.builder(path)).";
  }

  static String directory(Path file) {
    return file + " is a directory, not a database file. Fix: give the path of the SQLite file the application's"
        + " engine uses.";
  }

  static String unreadable(Path file, Exception cause) {
    return "Cannot read " + file + ": " + cause.getMessage() + ". Fix: check the path and its permissions.";
  }

  static String empty(Path file) {
    return file + " is empty, not a Durable database; it was left unchanged. Fix: give the path of the SQLite file"
        + " the application's engine uses.";
  }

  static String notSqlite(Path file) {
    return file + " is not a SQLite database (its header is not 'SQLite format 3'); it was left unchanged."
        + " Fix: give the path of the SQLite file the application's engine uses.";
  }

  static String notDurable(Path file, List<String> tables) {
    String found = tables.isEmpty() ? "no tables" : "tables " + (tables.size() <= 5 ? String.join(", ", tables)
        : String.join(", ", tables.subList(0, 5)) + ", ...");
    return file + " is a SQLite database but not a Durable one (" + found + ", no durable_schema table); it was"
        + " left unchanged. Fix: give the path of the SQLite file the application's engine uses.";
  }

  static String sqliteRefused(Path file, Exception cause) {
    return "SQLite cannot read " + file + " (" + Display.oneLine(cause.getMessage()) + "); it was left unchanged."
        + " Fix: check that it is the application's Durable database and that it is not corrupt.";
  }

  static String engineRefused(String database, DurableStoreException e) {
    // The store's messages name the database, what is wrong and the fix.
    return e.getMessage() == null ? "Durable cannot open " + database + "." : e.getMessage();
  }

  static String unknownWorkflow(String workflowId, DurableCli cli) {
    return "No workflow '" + workflowId + "' in " + cli.displayName() + ". Fix: run 'durable " + cli.databaseArgument()
        + " list' to see the stored ids.";
  }

  static String noDurableSchema(String url, String schema) {
    return "No Durable tables in schema '" + schema + "' of " + url + ". The durable command never creates them, so"
        + " that a mistyped URL cannot leave an empty schema behind. Fix: give the URL the application's engine uses,"
        + " and --schema if it set one (DurableEngine.Builder.schema).";
  }

  static String serverUnreachable(String url, String detail) {
    return "Cannot read " + url + ": " + detail + ". Fix: check the host, port, database name, user and password"
        + " (as URL parameters: ?user=U&password=P), and that the server is running.";
  }

  static String cannotCancelFinished(String workflowId, WorkflowStatus status) {
    return "Workflow '" + workflowId + "' has already finished (" + status + "); nothing was changed. A finished run"
        + " cannot be cancelled. Fix: none needed; 'durable delete' removes its record if it is no longer wanted.";
  }

  static String cannotResumeCompleted(String workflowId) {
    return "Workflow '" + workflowId + "' has completed; nothing was changed. Only a FAILED or CANCELLED run can be"
        + " resumed. Fix: start a new run under a new id if the work is wanted again.";
  }

  static String cannotResumeUnfinished(String workflowId, WorkflowStatus status) {
    return "Workflow '" + workflowId + "' has not finished (" + status + "); nothing was changed. Only a FAILED or"
        + " CANCELLED run can be resumed; this one goes on by itself in the application's workers.";
  }

  static String deleteNeedsConfirmation(String workflowId, String databaseArgument) {
    return "delete removes workflow '" + workflowId + "' and its whole step history (its audit trail) for good, so"
        + " it asks for confirmation. Fix: run 'durable " + databaseArgument + " delete " + Display.shellWord(workflowId)
        + " --yes'.";
  }

  static String unexpected(Exception error) {
    return "Unexpected " + error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage())
        + ". This is a bug in the durable command. Fix: run again with --verbose and report the stack trace.";
  }
}
