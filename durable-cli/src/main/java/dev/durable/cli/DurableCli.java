package dev.durable.cli;

import dev.durable.DurableEngine;
import dev.durable.DurableStoreException;
import dev.durable.WorkflowInfo;
import dev.durable.internal.store.Stores;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code durable} command: looks into a Durable database from a shell, without the workflows'
 * classes. It lists, shows and exports the stored runs, and cancels, resumes and deletes them; it
 * never runs a workflow (the application's workers do, when a run is resumed or cancelled).
 *
 * <pre>
 *   durable --db onboarding.db list --status FAILED
 *   durable --db onboarding.db show onboard-ada
 *   durable --db onboarding.db history onboard-ada --json &gt; onboard-ada.json
 *   durable --db onboarding.db resume onboard-ada
 *   durable --db 'jdbc:postgresql://db.internal/app?user=ops&amp;password=...' list
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 the action failed (unknown id, a run that has already finished, a
 * file that is missing or not a Durable database), 2 bad usage. Errors are one line on standard
 * error; {@code --verbose} adds the stack trace. The commands and the history format are described
 * in {@code docs/cli.md}.
 */
@Command(
    name = "durable",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists, shows, exports, cancels, resumes and deletes the workflow runs stored in a Durable"
        + " database. Runs no workflow: the application's workers do.",
    // A new command is one more class here:
    // it reaches the database through openEngine() and requireRun(), and reports through CliException.
    subcommands = {
        ListCommand.class,
        ShowCommand.class,
        HistoryCommand.class,
        CancelCommand.class,
        ResumeCommand.class,
        ForkCommand.class,
        DeleteCommand.class,
        SendEventCommand.class,
        ServeCommand.class,
        HelpCommand.class
    },
    footer = {"", "Exit codes: 0 success, 1 the action failed, 2 bad usage."})
public final class DurableCli {
  // Inherited, so that "durable list --db f" works as "durable --db f list" does. Not required to
  // picocli: "durable list --help" must print the help without a database; database() checks it.
  @Option(names = "--db", paramLabel = "PATH|URL", scope = ScopeType.INHERIT,
      description = "The application's database (required): its SQLite file, or a jdbc:postgresql:// URL"
          + " (user and password as URL parameters). It must hold Durable's tables; they are never created.")
  String database;

  @Option(names = "--schema", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "PostgreSQL only: the schema of Durable's tables, if the application set one (default: durable).")
  String schema;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error, and the runtime's INFO logs.")
  boolean verbose;

  @Spec CommandSpec spec;

  DurableCli() {}

  /** Runs the command with {@code args} and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command; tests call {@code execute} on it with their own output writers. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new DurableCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new ErrorReporter());
    cli.setParameterExceptionHandler(new UsageErrorReporter());
    return cli;
  }

  /**
   * Checks the database and opens a client-only engine on it: no worker, no threads, no workflow code.
   *
   * @throws CliException if the file is missing, not SQLite, or not a Durable database (it is left
   *     unchanged), if a server holds no Durable tables or cannot be reached, or if the engine refuses it
   */
  DurableEngine openEngine() {
    if (verbose) {
      // Read once, when the first logger is made, which is the engine's: set before it exists.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    DurableEngine.Builder builder;
    if (isServer()) {
      ServerCheck.requireDurableSchema(database(), schema != null ? schema : "durable");
      builder = DurableEngine.builder(database);
      if (schema != null) {
        builder.schema(schema);
      }
    } else {
      DatabaseCheck.requireDurableDatabase(sqliteFile());
      builder = DurableEngine.builder(sqliteFile());
    }
    try {
      return builder.clientOnly().build();
    } catch (DurableStoreException e) {
      throw new CliException(Messages.engineRefused(displayName(), e), e);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /**
   * What is stored for {@code workflowId}.
   *
   * @throws CliException if nothing is
   */
  WorkflowInfo requireRun(DurableEngine engine, String workflowId) {
    return engine.inspect(workflowId).orElseThrow(() -> new CliException(Messages.unknownWorkflow(workflowId, this)));
  }

  /**
   * The {@code --db} argument as given.
   *
   * @throws UsageErrorReporter.Refusal (exit 2) if it was not given
   */
  String database() {
    if (database == null) {
      throw new UsageErrorReporter.Refusal(spec.commandLine(), Messages.missingDatabase());
    }
    return database;
  }

  /** Whether {@code --db} names a database server by its JDBC URL (anything but a SQLite file). */
  boolean isServer() {
    return database().startsWith("jdbc:") && !database().startsWith("jdbc:sqlite:");
  }

  /** The SQLite file {@code --db} names, as a path or as a {@code jdbc:sqlite:} URL. */
  Path sqliteFile() {
    String db = database();
    return Path.of(db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db);
  }

  /** The database for messages: the file, or the URL without its password. */
  String displayName() {
    return isServer() ? Stores.redact(database()) : sqliteFile().toString();
  }

  /**
   * How commands name the database in the commands they suggest; a password in the URL is
   * replaced by {@code ***}, which the user fills in again.
   */
  String databaseArgument() {
    return "--db " + Display.shellWord(displayName()) + (schema != null ? " --schema " + Display.shellWord(schema) : "");
  }
}
