package dev.durable.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durable.DurableEngine;
import dev.durable.StepInfo;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowStatus;
import dev.durable.WorkflowSummary;
import dev.durable.internal.HistoryFormat;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code durable list}: the stored runs, newest first, as a table or JSON. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Lists the stored runs, newest first: id, workflow name, status, steps completed, when it started and"
            + " last changed, and what a waiting run waits for.",
        "Timestamps are ISO-8601 UTC."
    })
final class ListCommand implements Callable<Integer> {
  /** The step name the engine records a durable sleep under, with its wake-up time in epoch millis as output. */
  private static final String SLEEP_STEP = "Durable.sleep";

  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--status", paramLabel = "STATUS",
      description = "Only runs with this status: ${COMPLETION-CANDIDATES}.")
  WorkflowStatus status;

  @Option(names = "--workflow", paramLabel = "NAME",
      description = "Only runs of this workflow, by its name as listed: the class's name, unless"
          + " @DurableWorkflow(name = ...) gives one.")
  String workflow;

  @Option(names = "--since", paramLabel = "WHEN", converter = SinceConverter.class,
      description = "Only runs started at or after WHEN: an ISO-8601 instant (2025-03-01T09:00:00Z) or a time"
          + " ago (90s, 30m, 2h, 3d).")
  Instant since;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "At most N runs, 1 to 10000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print a JSON array instead of a table, for scripts.")
  boolean json;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--limit': " + limit
          + " is not between 1 and 10000");
    }
    WorkflowQuery query = WorkflowQuery.all().limit(limit);
    if (status != null) {
      query = query.status(status);
    }
    if (workflow != null) {
      query = query.workflowName(workflow);
    }
    if (since != null) {
      query = query.startedSince(since);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DurableEngine engine = cli.openEngine()) {
      List<Row> rows = engine.list(query).stream().map(s -> new Row(s, engine.inspect(s.workflowId()))).toList();
      if (json) {
        out.println(toJson(rows).toPrettyString());
      } else if (rows.isEmpty()) {
        out.println("No runs" + (status == null && workflow == null && since == null ? "." : " match these filters."));
      } else {
        Table table = new Table("ID", "NAME", "STATUS", "STEPS DONE", "STARTED", "UPDATED", "WAITING FOR");
        for (Row r : rows) {
          WorkflowSummary s = r.summary;
          table.add(s.workflowId(), s.workflowName(), s.status().name(), r.completedSteps().map(String::valueOf).orElse("-"),
              Display.timestamp(s.createdAt()), Display.timestamp(s.updatedAt()), r.waitingFor());
        }
        table.print(out);
      }
    }
    out.flush();
    return 0;
  }

  private static ArrayNode toJson(List<Row> rows) {
    ArrayNode array = StoredJson.MAPPER.createArrayNode();
    for (Row r : rows) {
      WorkflowSummary s = r.summary;
      ObjectNode o = array.addObject();
      o.put("workflowId", s.workflowId());
      o.put("workflowName", s.workflowName());
      o.put("status", s.status().name());
      if (r.completedSteps().isPresent()) {
        o.put("stepsCompleted", r.completedSteps().get());
      } else {
        o.putNull("stepsCompleted");
      }
      HistoryFormat.putInstant(o, "createdAt", s.createdAt());
      HistoryFormat.putInstant(o, "updatedAt", s.updatedAt());
      HistoryFormat.putInstant(o, "wakeAt", s.wakeAt());
      o.put("waitingFor", !s.waitingFor().isEmpty()
          ? String.join(", ", s.waitingFor().stream().map(Row::describe).toList()) : r.waitingForStep().orElse(null));
      if (s.parentWorkflowId() != null) {
        o.put("parentWorkflowId", s.parentWorkflowId());
      }
      o.put("cancelRequested", s.cancelRequested());
    }
    return array;
  }

  /** A listed run with its steps (empty if it was deleted between the list and the inspection). */
  record Row(WorkflowSummary summary, Optional<WorkflowInfo> info) {
    Optional<Integer> completedSteps() {
      return info.map(i -> (int) i.steps().stream().filter(st -> st.status() == StepInfo.Status.COMPLETED).count());
    }

    /**
     * What a waiting run waits for: the durable sleep whose recorded wake-up time is the run's (the
     * earliest of its timers), or else the step whose last attempt failed and whose next attempt is
     * due then (a long backoff suspends the run with that attempt still STARTED).
     */
    Optional<String> waitingForStep() {
      if (summary.status() != WorkflowStatus.WAITING || summary.wakeAt() == null || info.isEmpty()) {
        return Optional.empty();
      }
      List<StepInfo> steps = info.get().steps();
      String wakeAt = String.valueOf(summary.wakeAt().toEpochMilli());
      Optional<String> sleep = steps.stream()
          .filter(st -> SLEEP_STEP.equals(st.stepName()) && wakeAt.equals(st.outputJson()))
          .map(st -> "sleep at step " + st.position())
          .findFirst();
      if (sleep.isPresent()) {
        return sleep;
      }
      return steps.stream()
          .filter(st -> st.status() == StepInfo.Status.STARTED || st.status() == StepInfo.Status.FAILED)
          .reduce((first, second) -> second)
          .map(st -> "retry of " + st.stepName() + " at step " + st.position() + " after attempt " + st.attempts());
    }

    /**
     * "event 'approval'" for the stored key "event:approval", "child 'id'" for "child:id", and for a
     * run held because its code changed, "approval of changed code (FINGERPRINT)".
     */
    static String describe(String key) {
      if (key.startsWith("code:")) {
        return "approval of changed code (" + key.substring("code:".length()) + "; durable resume lets it go on)";
      }
      int colon = key.indexOf(':');
      return colon < 0 ? key : key.substring(0, colon) + " '" + key.substring(colon + 1) + "'";
    }

    /** The table's cell: what the run waits for and until when, or {@code -}. */
    String waitingFor() {
      if (summary.cancelRequested() && !summary.status().isFinished()) {
        // A cancellation wakes a sleeping run at once: its wake-up time is then the delivery's, not a timer's.
        return "cancel requested";
      }
      if (summary.status() == WorkflowStatus.WAITING && !summary.waitingFor().isEmpty()) {
        String what = String.join(", ", summary.waitingFor().stream().map(Row::describe).toList());
        return summary.wakeAt() == null ? what : what + " until " + Display.timestamp(summary.wakeAt());
      }
      if (summary.status() == WorkflowStatus.WAITING && summary.wakeAt() != null) {
        return waitingForStep().orElse("timer") + " until " + Display.timestamp(summary.wakeAt());
      }
      if (summary.status() == WorkflowStatus.PENDING && summary.wakeAt() != null) {
        return "retry at " + Display.timestamp(summary.wakeAt());
      }
      return "-";
    }
  }
}
