package dev.durable.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durable.DurableEngine;
import dev.durable.StepInfo;
import dev.durable.WorkflowInfo;
import dev.durable.internal.HistoryFormat;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code durable show ID}: one run and its steps, values cut to one line unless {@code --full}. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Shows a run and its recorded steps: position, name, status, attempts, duration, and result or error.",
        "Values are cut to one line of " + Display.SHORT_VALUE + " characters unless --full is given; an error"
            + " shows as its exception class and message."
    })
final class ShowCommand implements Callable<Integer> {
  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The workflow id.")
  String workflowId;

  @Option(names = "--full", description = "Print whole values, and errors with their causes.")
  boolean full;

  @Option(names = "--json", description = "Print the run as JSON, in the format of 'history' (see 'durable history --help').")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DurableEngine engine = cli.openEngine()) {
      WorkflowInfo run = cli.requireRun(engine, workflowId);
      if (json) {
        out.println(HistoryFormat.write(run, StoredJson::parse).toPrettyString());
      } else {
        print(run, out);
      }
    }
    out.flush();
    return 0;
  }

  private void print(WorkflowInfo run, PrintWriter out) {
    Table header = new Table("Workflow", run.workflowId());
    header.add("Name", run.workflowName());
    header.add("Call", run.className() + "." + run.methodName());
    header.add("Arguments", value(StoredJson.parse(run.argumentsJson(), "arguments of workflow '" + run.workflowId() + "'")));
    header.add("Status", run.status().name());
    if (!run.waitingFor().isEmpty()) {
      header.add("Waiting for", String.join(", ", run.waitingFor().stream().map(ListCommand.Row::describe).toList()));
    }
    if (run.parentWorkflowId() != null) {
      header.add("Parent", run.parentWorkflowId());
    }
    if (run.resultJson() != null) {
      JsonNode output = StoredJson.parse(run.resultJson(), "output of workflow '" + run.workflowId() + "'");
      header.add(StoredJson.isError(output) ? "Error" : "Result", value(output));
    }
    header.add("Started", Display.timestamp(run.createdAt()));
    header.add("Updated", Display.timestamp(run.updatedAt()));
    header.add("Fingerprint", run.fingerprint() == null ? "-" : run.fingerprint());
    header.print(out);
    out.println();
    if (run.steps().isEmpty()) {
      out.println("No steps recorded.");
    } else {
      printSteps(run, out);
    }
    if (!run.events().isEmpty()) {
      out.println();
      Table events = new Table("SEQ", "EVENT", "SENT", "TAKEN AT", "PAYLOAD");
      for (var event : run.events()) {
        events.add(String.valueOf(event.sequence()), event.name(), Display.timestamp(event.sentAt()),
            event.consumed() ? "step " + event.consumedAt() : "waiting",
            value(StoredJson.parse(event.payloadJson(), "payload of event " + event.sequence())));
      }
      events.print(out);
    }
  }

  private void printSteps(WorkflowInfo run, PrintWriter out) {
    Table steps = new Table("POS", "STEP", "STATUS", "ATTEMPTS", "DURATION", "RESULT OR ERROR");
    for (StepInfo step : run.steps()) {
      String output = step.outputJson() == null ? "-"
          : value(StoredJson.parse(step.outputJson(), "output of step " + step.position() + " of workflow '" + run.workflowId() + "'"));
      Instant end = HistoryFormat.finishedAt(step);
      Duration took = step.startedAt() == null || end == null ? null : Duration.between(step.startedAt(), end);
      steps.add(step.position(), step.stepName(), step.status().name(), String.valueOf(step.attempts()),
          Display.duration(took), output);
    }
    steps.print(out);
  }

  /** Whole with {@code --full}, but always on one line: the table cell is. */
  private String value(JsonNode node) {
    String text = StoredJson.valueText(node, full);
    return full ? Display.oneLine(text) : Display.shorten(text, Display.SHORT_VALUE);
  }
}
