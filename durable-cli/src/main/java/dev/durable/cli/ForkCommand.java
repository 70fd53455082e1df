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

/** {@code durable fork ID --from N --as NEW_ID}: a new run from part of another's history. */
@Command(
    name = "fork",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Starts a new run, NEW_ID, with the same call as ID and the part of ID's history before position N."
            + " The application's next worker replays that part and runs its current code from N on. ID and its"
            + " history are kept as they are. The way out for a run that a code change stranded: fork it from the"
            + " first position the new code changed. This command runs nothing.",
        "Exits 1 if ID does not exist or NEW_ID does: nothing is changed then."
    })
final class ForkCommand implements Callable<Integer> {
  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The workflow id to fork.")
  String workflowId;

  @Option(names = "--from", required = true, paramLabel = "N",
      description = "The first top-level position to run again ('durable history ID' shows them); 1 runs it all again.")
  int fromPosition;

  @Option(names = "--as", required = true, paramLabel = "NEW_ID", description = "The id of the new run.")
  String newWorkflowId;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DurableEngine engine = cli.openEngine()) {
      WorkflowInfo source = cli.requireRun(engine, workflowId);
      try {
        engine.fork(workflowId, newWorkflowId, fromPosition);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), e);
      }
      out.println("Workflow '" + newWorkflowId + "' is PENDING: a fork of '" + workflowId + "' (" + source.status()
          + "), with its history before position " + fromPosition + ". The next worker of the application that can"
          + " load " + source.className() + " replays that and runs the current code from position " + fromPosition
          + "; this command runs nothing. Follow it with: durable " + cli.databaseArgument() + " show "
          + Display.shellWord(newWorkflowId));
    }
    out.flush();
    return 0;
  }
}
