package dev.durable.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.durable.DurableEngine;
import dev.durable.WorkflowDefinitionException;
import dev.durable.WorkflowInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code durable send-event ID NAME JSON}: stores an event for a run's {@code Durable.awaitEvent}. */
@Command(
    name = "send-event",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Sends event NAME with the JSON payload to a run, for its Durable.awaitEvent(NAME, ...): the event is"
            + " stored durably before this returns.",
        "A worker of the application wakes the run within its poll interval; the await reads the payload as the"
            + " type it asks for. Events of one name are taken in the order they were sent, each once; one sent"
            + " before the run awaits it waits for it.",
        "Exits 1 if there is no such run or it has completed (nothing is stored), 2 if JSON is not valid JSON."
    },
    footer = {"", "Example: durable --db onboarding.db send-event onboard-ada approval '{\"approver\":\"maria\"}'"})
final class SendEventCommand implements Callable<Integer> {
  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The workflow id.")
  String workflowId;

  @Parameters(index = "1", paramLabel = "NAME", description = "The event name, as the workflow awaits it.")
  String name;

  @Parameters(index = "2", paramLabel = "JSON",
      description = "The payload as JSON: an object, an array, a string in quotes (\"yes\"), a number, true or false.")
  String json;

  @Override
  public Integer call() {
    JsonNode payload;
    try {
      payload = StoredJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UsageErrorReporter.Refusal(spec.commandLine(), "The payload is not valid JSON ("
          + Display.oneLine(e.getOriginalMessage()) + "); nothing was sent. Fix: quote it for the shell, for example"
          + " '{\"approved\":true}', or '\"yes\"' for a string.");
    }
    if (payload == null || payload.isMissingNode() || payload.isNull()) {
      throw new UsageErrorReporter.Refusal(spec.commandLine(), "The payload is empty or null; nothing was sent. Fix:"
          + " send a value the workflow's await can read, for example '{\"approved\":true}'.");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DurableEngine engine = cli.openEngine()) {
      WorkflowInfo run = cli.requireRun(engine, workflowId);
      try {
        engine.sendEvent(workflowId, name, payload);
      } catch (WorkflowDefinitionException | IllegalArgumentException e) {
        throw new CliException(Display.oneLine(e.getMessage()), e);
      }
      out.println("Event '" + name + "' stored for workflow '" + workflowId + "' (it was " + run.status() + ")."
          + " A worker of the application delivers it to the run's next Durable.awaitEvent(\"" + name + "\", ...)."
          + " Check with: durable " + cli.databaseArgument() + " show " + Display.shellWord(workflowId));
    }
    out.flush();
    return 0;
  }
}
