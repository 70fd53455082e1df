package dev.durable.cli;

import dev.durable.DurableEngine;
import dev.durable.internal.HistoryFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code durable history ID}: the whole stored run as JSON, in a stable, documented format. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Prints everything stored for a run as one JSON document, for bug reports and replay tests. Values the"
            + " workflow stored are embedded as JSON, not as strings.",
        "",
        "Fields (format \"" + HistoryFormat.FORMAT + "\", formatVersion " + HistoryFormat.VERSION + "; new fields"
            + " may be added, a change that breaks readers increases formatVersion):",
        "  workflowId, workflowName, className, methodName   the stored call",
        "  arguments      JSON array of the arguments it was started with",
        "  status         PENDING, RUNNING, WAITING, COMPLETED, FAILED or CANCELLED",
        "  output         the result (COMPLETED), the recorded exception (FAILED, CANCELLED), or null",
        "  createdAt, updatedAt   ISO-8601 UTC instants",
        "  fingerprint    the workflow code's fingerprint from the processor, or null",
        "  steps[]        in position order: position, stepName, status (STARTED, COMPLETED, FAILED, REOPENED),",
        "                 attempts, output (result or recorded exception, null while STARTED), startedAt, finishedAt",
        "A recorded exception is {\"type\", \"message\", \"stack\": [{\"class\", \"method\", \"file\", \"line\"}],"
            + " \"cause\"}."
    })
final class HistoryCommand implements Callable<Integer> {
  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The workflow id.")
  String workflowId;

  @Option(names = "--json", description = "Accepted for symmetry with list and show: history is always JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DurableEngine engine = cli.openEngine()) {
      out.println(HistoryFormat.write(cli.requireRun(engine, workflowId), StoredJson::parse).toPrettyString());
    }
    out.flush();
    return 0;
  }
}
