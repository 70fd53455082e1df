package dev.durable.cli;

import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code durable resume ID}: a FAILED or CANCELLED run becomes PENDING, for the application's workers. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Makes a FAILED or CANCELLED run PENDING again, or lets a run held because its code changed go on with"
            + " the new code. This command runs nothing: the next worker of the application that can load the"
            + " workflow's class takes the run and goes on from where it stopped. Its recorded steps replay; the"
            + " failed steps that ended it run again with a fresh retry budget.",
        "Exits 1 if the run has completed or has not finished: nothing is changed then."
    })
final class ResumeCommand implements Callable<Integer> {
  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The workflow id.")
  String workflowId;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DurableEngine engine = cli.openEngine()) {
      WorkflowInfo before = cli.requireRun(engine, workflowId);
      boolean heldForCode = before.waitingFor().stream().anyMatch(key -> key.startsWith("code:"));
      if (heldForCode) {
        engine.resume(workflowId);
        out.println("Workflow '" + workflowId + "' goes on with the new code (it was held because its code changed"
            + " since it last ran). The next worker of the application runs it; this command runs nothing. Follow it"
            + " with: durable " + cli.databaseArgument() + " show " + Display.shellWord(workflowId));
        out.flush();
        return 0;
      }
      refuseUnlessEnded(before.status());
      WorkflowHandle<Object> handle = engine.resume(workflowId);
      WorkflowStatus now = handle.status();
      if (now != WorkflowStatus.PENDING) {
        // Changed between the look and the resume (another resume, say): report what it is now.
        refuseUnlessEnded(now);
      }
      out.println("Workflow '" + workflowId + "' is " + now + " again (it was " + before.status() + "). The next worker"
          + " of the application that can load " + before.className() + " runs it from where it stopped; this command"
          + " runs nothing. Follow it with: durable " + cli.databaseArgument() + " show " + Display.shellWord(workflowId));
    }
    out.flush();
    return 0;
  }

  private void refuseUnlessEnded(WorkflowStatus status) {
    if (status == WorkflowStatus.COMPLETED) {
      throw new CliException(Messages.cannotResumeCompleted(workflowId));
    }
    if (!status.isFinished()) {
      throw new CliException(Messages.cannotResumeUnfinished(workflowId, status));
    }
  }
}
