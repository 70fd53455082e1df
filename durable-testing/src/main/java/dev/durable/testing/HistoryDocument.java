package dev.durable.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's history as {@code durable history ID --json} exports it (format {@code durable-history},
 * version 1): the call, the recorded steps, and the events.
 */
record HistoryDocument(NewWorkflow call, List<StepRecord> steps, List<Event> events) {
  static final String FORMAT = "durable-history";
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One stored event; {@code consumedAt} is the position of the await that took it, or null. */
  record Event(String name, String payloadJson, String payloadType, long sentAt, String consumedAt) {}

  static HistoryDocument parse(String json, String source) {
    JsonNode doc;
    try {
      doc = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not JSON (" + e.getOriginalMessage() + "). Fix: export the"
          + " history with 'durable --db FILE history ID --json > FILE.json'.", e);
    }
    if (doc == null || !FORMAT.equals(doc.path("format").asText()) ) {
      throw new IllegalArgumentException(source + " is not a Durable history (no \"format\": \"" + FORMAT + "\"). Fix:"
          + " export the history with 'durable --db FILE history ID --json > FILE.json'.");
    }
    int version = doc.path("formatVersion").asInt();
    if (version > FORMAT_VERSION) {
      throw new IllegalArgumentException(source + " has history format version " + version + "; this version of"
          + " durable-testing reads up to " + FORMAT_VERSION + ". Fix: use the durable-testing of the Durable version"
          + " that exported it, or newer.");
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
    return new HistoryDocument(call, steps, events);
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
