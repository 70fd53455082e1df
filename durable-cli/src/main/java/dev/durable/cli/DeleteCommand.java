package dev.durable.cli;

import dev.durable.DurableEngine;
import dev.durable.WorkflowInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code durable delete ID --yes}: forgets a run and its history, which is its audit trail. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Deletes a run and its whole step history, so that its id can start afresh. The history is the run's"
            + " audit trail and cannot be recovered: export it first with 'history' if it may be needed.",
        "Refuses without --yes (exit 2), and refuses a run that a live engine is running (exit 1)."
    })
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The workflow id.")
  String workflowId;

  @Option(names = "--yes", description = "Confirm the deletion.")
  boolean yes;

  @Override
  public Integer call() {
    if (!yes) {
      // Refused before the database is opened: without the confirmation nothing may change.
      throw new UsageErrorReporter.Refusal(spec.commandLine(), Messages.deleteNeedsConfirmation(workflowId, cli.databaseArgument()));
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DurableEngine engine = cli.openEngine()) {
      WorkflowInfo run = cli.requireRun(engine, workflowId);
      if (!engine.forget(workflowId)) {
        throw new CliException(Messages.unknownWorkflow(workflowId, cli));
      }
      out.println("Deleted workflow '" + workflowId + "' (" + run.status() + ", " + run.steps().size()
          + " recorded steps) and its history.");
    }
    out.flush();
    return 0;
  }
}
