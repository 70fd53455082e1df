package dev.durable.cli.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durable.StepInfo;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowStatus;
import dev.durable.WorkflowSummary;
import java.time.Instant;

/**
 * The JSON the pages read. Times are epoch milliseconds (the timeline computes with them); stored
 * values are passed as JSON text, cut at {@value #PREVIEW_CHARS} characters in a run's detail so
 * that a run of 10,000 steps with large results stays a reasonable download; the page asks for one
 * step's full value when it is clicked.
 */
final class WorkflowJson {
  static final int PREVIEW_CHARS = 2_000;
  static final String SLEEP = "Durable.sleep";
  static final String AWAIT_EVENT = "Durable.awaitEvent";

  private WorkflowJson() {}

  static ObjectNode summary(WorkflowSummary s) {
    ObjectNode node = Responses.JSON.createObjectNode();
    node.put("workflowId", s.workflowId());
    node.put("workflowName", s.workflowName());
    node.put("status", s.status().name());
    time(node, "createdAt", s.createdAt());
    time(node, "updatedAt", s.updatedAt());
    time(node, "wakeAt", s.wakeAt());
    node.put("cancelRequested", s.cancelRequested());
    return node;
  }

  static ObjectNode detail(WorkflowInfo info) {
    ObjectNode node = Responses.JSON.createObjectNode();
    node.put("workflowId", info.workflowId());
    node.put("workflowName", info.workflowName());
    node.put("className", info.className());
    node.put("methodName", info.methodName());
    node.put("status", info.status().name());
    preview(node, "arguments", info.argumentsJson());
    if (info.status() == WorkflowStatus.FAILED) {
      node.set("error", error(info.resultJson()));
    }
    preview(node, "result", info.resultJson());
    time(node, "createdAt", info.createdAt());
    time(node, "updatedAt", info.updatedAt());
    node.put("fingerprint", info.fingerprint());
    ArrayNode steps = node.putArray("steps");
    for (StepInfo step : info.steps()) {
      steps.add(step(step));
    }
    return node;
  }

  static ObjectNode step(StepInfo s) {
    ObjectNode node = Responses.JSON.createObjectNode();
    node.put("position", s.position());
    int dot = s.position().lastIndexOf('.');
    // A step numbered within a branch sits at "<branch position>.<n>": the branch is the prefix.
    node.put("branch", dot < 0 ? "" : s.position().substring(0, dot));
    node.put("name", s.stepName());
    node.put("kind", kind(s.stepName()));
    node.put("status", s.status().name());
    node.put("attempts", s.attempts());
    time(node, "startedAt", s.startedAt());
    time(node, "finishedAt", s.finishedAt());
    if (s.status() == StepInfo.Status.FAILED || s.status() == StepInfo.Status.REOPENED) {
      node.set("error", error(s.outputJson()));
    }
    if (SLEEP.equals(s.stepName()) && s.outputJson() != null) {
      JsonNode wakeAt = parse(s.outputJson());
      if (wakeAt != null && wakeAt.isIntegralNumber()) {
        node.put("wakeAt", wakeAt.asLong());
      }
    }
    preview(node, "output", s.outputJson());
    return node;
  }

  /**
   * The type and message of a recorded exception. Read defensively: the stored JSON comes from the
   * engine's error codec today ({@code type}, {@code message}), but a database written by another
   * version, or by hand, may hold anything.
   */
  static ObjectNode error(String json) {
    ObjectNode node = Responses.JSON.createObjectNode();
    JsonNode parsed = json == null ? null : parse(json);
    if (parsed != null && parsed.isObject()) {
      JsonNode type = parsed.has("type") ? parsed.get("type") : parsed.get("class");
      node.put("type", type != null && type.isTextual() ? type.asText() : null);
      JsonNode message = parsed.get("message");
      node.put("message", message != null && message.isTextual() ? cut(message.asText()) : null);
    } else {
      node.putNull("type");
      node.put("message", json == null ? null : cut(json));
    }
    return node;
  }

  private static String kind(String name) {
    // Events and children are recorded under names that carry what they wait for: Durable.awaitEvent(approval).
    if (name.startsWith(AWAIT_EVENT + "(") || name.startsWith("Durable.awaitChild(")) {
      return "event";
    }
    if (name.equals(AWAIT_EVENT + ".deadline") || name.startsWith("Durable.startChild(")
        || name.startsWith("Durable.sendEvent(")) {
      return "value";
    }
    switch (name) {
      case SLEEP:
        return "sleep";
      case AWAIT_EVENT:
        return "event";
      case "Durable.now":
      case "Durable.randomUUID":
        return "value";
      default:
        return "step";
    }
  }

  private static void preview(ObjectNode node, String field, String json) {
    node.put(field, json == null ? null : cut(json));
    node.put(field + "Length", json == null ? 0 : json.length());
  }

  private static String cut(String text) {
    return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS);
  }

  private static JsonNode parse(String json) {
    try {
      return Responses.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static void time(ObjectNode node, String field, Instant instant) {
    if (instant == null) {
      node.putNull(field);
    } else {
      node.put(field, instant.toEpochMilli());
    }
  }
}
