package dev.durable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One-line texts for the {@code toString()} of {@link WorkflowInfo} and {@link StepInfo}. Their
 * stored values can be long JSON, and a recorded error holds a whole stack with its causes; a log
 * line or a debugger wants the error's type and message, and the start of a value.
 */
final class Summaries {
  /** Longer values are cut to this many characters, and say how long they were. */
  static final int MAX_VALUE = 80;

  // Reads trees only: no configuration, so one shared instance is safe.
  private static final ObjectMapper JSON = new ObjectMapper();

  private Summaries() {}

  /** A stored result, shortened to one line: {@code "welcome ada"}, or its first characters. */
  static String value(String json) {
    return json == null ? "null" : shorten(json);
  }

  /**
   * A stored error as {@code type: message} (the outermost exception, without its stack), or the
   * start of the value if it is not in the shape the engine records errors in.
   */
  static String error(String json) {
    if (json == null) {
      return "null";
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException notJson) {
      return shorten(json);
    }
    if (node == null || !node.path("type").isTextual()) {
      return shorten(json);
    }
    String type = node.get("type").asText();
    JsonNode message = node.get("message");
    return message == null || message.isNull() ? type : type + ": " + shorten(message.asText());
  }

  private static String shorten(String text) {
    String line = text.replaceAll("\\R+", " ");
    return line.length() <= MAX_VALUE
        ? line
        : line.substring(0, MAX_VALUE - 3) + "... (" + text.length() + " chars)";
  }
}
