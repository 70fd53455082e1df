package dev.durable.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durable.StepInfo;
import dev.durable.WorkflowInfo;
import java.time.Instant;

/**
 * The whole stored run as one JSON document, for bug reports and replay tests: the format {@code
 * history} prints, and {@code show --json} too. Stored values (arguments, output, step outputs) are
 * embedded as JSON, not as strings holding JSON. The format is documented in {@code docs/cli.md} and
 * the history command's help; a change that would break a reader increases {@link #FORMAT_VERSION}.
 */
final class RunDocument {
  static final String FORMAT = "durable-history";
  static final int FORMAT_VERSION = 1;

  private RunDocument() {}

  static ObjectNode of(WorkflowInfo run) {
    ObjectNode doc = StoredJson.MAPPER.createObjectNode();
    doc.put("format", FORMAT);
    doc.put("formatVersion", FORMAT_VERSION);
    doc.put("workflowId", run.workflowId());
    doc.put("workflowName", run.workflowName());
    doc.put("className", run.className());
    doc.put("methodName", run.methodName());
    doc.set("arguments", StoredJson.parse(run.argumentsJson(), "arguments of workflow '" + run.workflowId() + "'"));
    doc.put("status", run.status().name());
    doc.set("output", StoredJson.parse(run.resultJson(), "output of workflow '" + run.workflowId() + "'"));
    putInstant(doc, "createdAt", run.createdAt());
    putInstant(doc, "updatedAt", run.updatedAt());
    doc.put("fingerprint", run.fingerprint());
    doc.put("parentWorkflowId", run.parentWorkflowId());
    ArrayNode waitingFor = doc.putArray("waitingFor");
    run.waitingFor().forEach(waitingFor::add);
    ArrayNode events = doc.putArray("events");
    for (var event : run.events()) {
      ObjectNode e = events.addObject();
      e.put("sequence", event.sequence());
      e.put("name", event.name());
      e.set("payload", StoredJson.parse(event.payloadJson(), "payload of event " + event.sequence() + " of workflow '"
          + run.workflowId() + "'"));
      e.put("payloadType", event.payloadType());
      putInstant(e, "sentAt", event.sentAt());
      e.put("consumedAt", event.consumedAt());
    }
    ArrayNode steps = doc.putArray("steps");
    for (StepInfo step : run.steps()) {
      ObjectNode s = steps.addObject();
      s.put("position", step.position());
      s.put("stepName", step.stepName());
      s.put("status", step.status().name());
      s.put("attempts", step.attempts());
      s.set("output", StoredJson.parse(step.outputJson(),
          "output of step " + step.position() + " of workflow '" + run.workflowId() + "'"));
      putInstant(s, "startedAt", step.startedAt());
      putInstant(s, "finishedAt", finishedAt(step));
    }
    return doc;
  }

  /**
   * When the step's attempt ended, or null while it is STARTED. An end before the start (a database
   * written by a version whose history reader reported the epoch for an unfinished step) is taken
   * for none.
   */
  static Instant finishedAt(StepInfo step) {
    Instant end = step.finishedAt();
    if (end == null || step.status() == StepInfo.Status.STARTED
        || (step.startedAt() != null && end.isBefore(step.startedAt()))) {
      return null;
    }
    return end;
  }

  /** ISO-8601 UTC with milliseconds, as {@link Instant#toString()} writes it; null when absent. */
  static void putInstant(ObjectNode node, String field, Instant instant) {
    if (instant == null) {
      node.putNull(field);
    } else {
      node.put(field, instant.toString());
    }
  }
}
