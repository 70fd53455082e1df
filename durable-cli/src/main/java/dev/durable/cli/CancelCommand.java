package dev.durable.cli;

import dev.durable.DurableEngine;
import dev.durable.WorkflowInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code durable cancel ID}: records a cancellation request, which the application's workers deliver. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Asks for a run that has not finished to be cancelled; the request is stored before this returns.",
        "A worker of the application delivers it at the run's next step or sleep (a sleeping run is woken for"
            + " it); the run ends CANCELLED unless its code catches the cancellation.",
        "Exits 1 if the run has already finished: nothing is changed then."
    })
final class CancelCommand implements Callable<Integer> {
  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The workflow id.")
  String workflowId;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DurableEngine engine = cli.openEngine()) {
      WorkflowInfo before = cli.requireRun(engine, workflowId);
      if (before.status().isFinished()) {
        throw new CliException(Messages.cannotCancelFinished(workflowId, before.status()));
      }
      if (!engine.cancel(workflowId)) {
        // It finished between the look and the request.
        WorkflowInfo now = cli.requireRun(engine, workflowId);
        throw new CliException(Messages.cannotCancelFinished(workflowId, now.status()));
      }
      out.println("Cancellation of workflow '" + workflowId + "' requested (it was " + before.status() + ")."
          + " A worker of the application delivers it at the run's next step or sleep; the run then ends CANCELLED"
          + " unless its code catches the cancellation. Check with: durable " + cli.databaseArgument() + " show "
          + Display.shellWord(workflowId));
    }
    out.flush();
    return 0;
  }
}
