package dev.durable.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Reads the JSON the engine stored (arguments, results, recorded exceptions) as trees, so that the
 * command needs none of the workflows' classes, and writes the command's own JSON output.
 */
final class StoredJson {
  /** Strings of any length: a step may have stored a result of many megabytes, and the engine read it back. */
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build());

  private StoredJson() {}

  /** The stored value as a tree; Java null (nothing stored) becomes JSON null. */
  static JsonNode parse(String json, String what) {
    if (json == null) {
      return NullNode.getInstance();
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CliException("The stored " + what + " is not valid JSON (" + Display.oneLine(e.getOriginalMessage())
          + "); the database may be damaged. Fix: run 'durable history' on it with --verbose and report it.", e);
    }
  }

  /** Whether {@code node} is an exception as the engine records it: its type, message, stack and cause. */
  static boolean isError(JsonNode node) {
    return node.isObject() && node.hasNonNull("type") && node.has("stack");
  }

  /**
   * A recorded exception as text: {@code IllegalStateException: card declined}; with {@code full},
   * the qualified class name and every cause, as {@code ... (caused by java.io.IOException: reset)}.
   */
  static String errorText(JsonNode error, boolean full) {
    StringBuilder text = new StringBuilder(errorLine(error, full));
    JsonNode cause = error.get("cause");
    while (full && cause != null && cause.isObject()) {
      text.append(" (caused by ").append(errorLine(cause, true)).append(')');
      cause = cause.get("cause");
    }
    return text.toString();
  }

  private static String errorLine(JsonNode error, boolean qualified) {
    String type = error.path("type").asText();
    if (!qualified) {
      type = type.substring(type.lastIndexOf('.') + 1);
    }
    return error.hasNonNull("message") ? type + ": " + error.get("message").asText() : type;
  }

  /** {@code value} as one line of compact JSON, or its error text if it is a recorded exception. */
  static String valueText(JsonNode value, boolean full) {
    if (isError(value)) {
      return errorText(value, full);
    }
    return value.toString();
  }
}
