package dev.durable.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durable.EventInfo;
import dev.durable.StepInfo;
import dev.durable.WorkflowInfo;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code durable-history} document: a whole stored run as one JSON document, written by {@code
 * durable history ID --json} and {@code DurableEngine.exportHistory}, read by the testing kit's
 * replayer. One class writes and reads it, so the two cannot drift apart. Stored values (arguments,
 * outputs, payloads) are embedded as JSON, not as strings holding JSON. The fields are documented in
 * {@code docs/cli.md}; a change that would break a reader increases {@link #VERSION}.
 */
public final class HistoryFormat {
  public static final String FORMAT = "durable-history";
  public static final int VERSION = 1;

  /** Strings of any length: a step may have stored a result of many megabytes. */
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build());

  /** Reads a stored value as a tree; {@code what} names it for the error. */
  @FunctionalInterface
  public interface StoredValues {
    JsonNode parse(String json, String what);
  }

  /** A run's history as read back: the call, the recorded steps, and the events. */
  public record History(NewWorkflow call, List<StepRecord> steps, List<Event> events) {}

  /** One stored event; {@code consumedAt} is the position of the await that took it, or null. */
  public record Event(String name, String payloadJson, String payloadType, long sentAt, String consumedAt) {}

  private HistoryFormat() {}

  /** The document of a run, reading its stored values with {@link #parseStored}. */
  public static ObjectNode write(WorkflowInfo run) {
    return write(run, HistoryFormat::parseStored);
  }

  /** The document of a run, reading its stored values with {@code values} (a command's own errors, say). */
  public static ObjectNode write(WorkflowInfo run, StoredValues values) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("format", FORMAT);
    doc.put("formatVersion", VERSION);
    doc.put("workflowId", run.workflowId());
    doc.put("workflowName", run.workflowName());
    doc.put("className", run.className());
    doc.put("methodName", run.methodName());
    doc.set("arguments", values.parse(run.argumentsJson(), "arguments of workflow '" + run.workflowId() + "'"));
    doc.put("status", run.status().name());
    doc.set("output", values.parse(run.resultJson(), "output of workflow '" + run.workflowId() + "'"));
    putInstant(doc, "createdAt", run.createdAt());
    putInstant(doc, "updatedAt", run.updatedAt());
    doc.put("fingerprint", run.fingerprint());
    doc.put("parentWorkflowId", run.parentWorkflowId());
    ArrayNode waitingFor = doc.putArray("waitingFor");
    run.waitingFor().forEach(waitingFor::add);
    ArrayNode events = doc.putArray("events");
    for (EventInfo event : run.events()) {
      ObjectNode e = events.addObject();
      e.put("sequence", event.sequence());
      e.put("name", event.name());
      e.set("payload", values.parse(event.payloadJson(), "payload of event " + event.sequence() + " of workflow '"
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
      s.set("output", values.parse(step.outputJson(),
          "output of step " + step.position() + " of workflow '" + run.workflowId() + "'"));
      putInstant(s, "startedAt", step.startedAt());
      putInstant(s, "finishedAt", finishedAt(step));
    }
    return doc;
  }

  /**
   * A stored value as a tree; Java null (nothing stored) becomes JSON null.
   *
   * @throws IllegalStateException if it is not JSON (a damaged database)
   */
  public static JsonNode parseStored(String json, String what) {
    if (json == null) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The stored " + what + " is not valid JSON (" + e.getOriginalMessage() + ");"
          + " the database may be damaged. Fix: export it with 'durable history' and report it.", e);
    }
  }

  /**
   * When the step's attempt ended, or null while it is STARTED. An end before the start (a database
   * written by a version whose history reader reported the epoch for an unfinished step) is taken
   * for none.
   */
  public static Instant finishedAt(StepInfo step) {
    Instant end = step.finishedAt();
    if (end == null || step.status() == StepInfo.Status.STARTED
        || (step.startedAt() != null && end.isBefore(step.startedAt()))) {
      return null;
    }
    return end;
  }

  /** ISO-8601 UTC with milliseconds, as {@link Instant#toString()} writes it; null when absent. */
  public static void putInstant(ObjectNode node, String field, Instant instant) {
    if (instant == null) {
      node.putNull(field);
    } else {
      node.put(field, instant.toString());
    }
  }

  /**
   * Reads a document back; {@code source} names it in errors (a file, say).
   *
   * @throws IllegalArgumentException if it is not a Durable history of a version this code reads
   */
  public static History read(String json, String source) {
    JsonNode doc;
    try {
      doc = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not JSON (" + e.getOriginalMessage() + "). Fix: export the"
          + " history with 'durable --db FILE history ID --json > FILE.json'.", e);
    }
    if (doc == null || !FORMAT.equals(doc.path("format").asText())) {
      throw new IllegalArgumentException(source + " is not a Durable history (no \"format\": \"" + FORMAT + "\")."
          + " Fix: export the history with 'durable --db FILE history ID --json > FILE.json'.");
    }
    int version = doc.path("formatVersion").asInt();
    if (version > VERSION) {
      throw new IllegalArgumentException(source + " has history format version " + version + "; this version of"
          + " Durable reads up to " + VERSION + ". Fix: use the Durable version that exported it, or newer.");
    }
    String id = required(doc, "workflowId", source);
    NewWorkflow call = new NewWorkflow(id, required(doc, "workflowName", source), required(doc, "className", source),
        required(doc, "methodName", source), doc.path("arguments").toString(), null);
    List<StepRecord> steps = new ArrayList<>();
    for (JsonNode s : doc.path("steps")) {
      StepStatus status = StepStatus.valueOf(s.path("status").asText());
      if (status == StepStatus.STARTED) {
        continue; // In flight when exported: nothing is recorded for it, and it runs again.
      }
      steps.add(new StepRecord(s.path("position").asText(), s.path("stepName").asText(), status,
          s.path("attempts").asInt(1), s.path("output").toString(), millis(s.path("startedAt")),
          s.path("finishedAt").isTextual() ? millis(s.path("finishedAt")) : null));
    }
    List<Event> events = new ArrayList<>();
    for (JsonNode e : doc.path("events")) {
      events.add(new Event(e.path("name").asText(), e.path("payload").toString(),
          e.path("payloadType").isTextual() ? e.path("payloadType").asText() : null, millis(e.path("sentAt")),
          e.path("consumedAt").isTextual() ? e.path("consumedAt").asText() : null));
    }
    return new History(call, steps, events);
  }

  private static String required(JsonNode doc, String field, String source) {
    JsonNode value = doc.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(source + " has no \"" + field + "\". Fix: export the history with 'durable"
          + " --db FILE history ID --json > FILE.json', unedited.");
    }
    return value.asText();
  }

  private static long millis(JsonNode instant) {
    return instant.isTextual() ? Instant.parse(instant.asText()).toEpochMilli() : 0;
  }
}
