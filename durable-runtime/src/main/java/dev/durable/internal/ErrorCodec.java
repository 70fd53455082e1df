package dev.durable.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durable.StepFailedException;
import java.lang.reflect.Constructor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Records exceptions as JSON (class, message, stack, cause chain) and rebuilds them on replay as the
 * same type. Any exception can be recorded: only its class name, message and stack are kept (fields
 * are not), messages are cut at {@value #MAX_MESSAGE} characters, stacks at {@value #MAX_FRAMES}
 * frames, and a cause chain at {@value #MAX_CAUSES} links or where it loops back on itself.
 */
final class ErrorCodec {
  static final int MAX_MESSAGE = 16_384;
  static final int MAX_FRAMES = 64;
  static final int MAX_CAUSES = 8;

  private final ObjectMapper mapper;

  ErrorCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  String write(Throwable error) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    return encode(error, seen, 0).toString();
  }

  private ObjectNode encode(Throwable t, Set<Throwable> seen, int depth) {
    seen.add(t);
    ObjectNode node = mapper.createObjectNode();
    node.put("type", t.getClass().getName());
    String message = t.getMessage();
    if (message != null) {
      node.put("message", message.length() > MAX_MESSAGE
          ? message.substring(0, MAX_MESSAGE) + "... [" + (message.length() - MAX_MESSAGE) + " more characters]"
          : message);
    }
    ArrayNode stack = node.putArray("stack");
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
      StackTraceElement f = frames[i];
      stack.addObject().put("class", f.getClassName()).put("method", f.getMethodName())
          .put("file", f.getFileName()).put("line", f.getLineNumber());
    }
    Throwable cause = t.getCause();
    if (cause != null && !seen.contains(cause) && depth + 1 < MAX_CAUSES) {
      node.set("cause", encode(cause, seen, depth + 1));
    }
    return node;
  }

  /** Rebuilds a recorded exception, or a {@link StepFailedException} carrying it if its class cannot be. */
  Throwable read(String json, ClassLoader loader, String workflowId, String stepName) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("The recorded error of step '" + stepName + "' is not readable JSON", e);
    }
    return decode(node, loader, workflowId, stepName);
  }

  private Throwable decode(JsonNode node, ClassLoader loader, String workflowId, String stepName) {
    String type = node.path("type").asText();
    String message = node.hasNonNull("message") ? node.get("message").asText() : null;
    Throwable cause = node.has("cause") ? decode(node.get("cause"), loader, workflowId, stepName) : null;
    Throwable rebuilt = instantiate(type, message, cause, loader);
    if (rebuilt == null) {
      rebuilt = new StepFailedException(type, message, "Step '" + stepName + "' of workflow '" + workflowId
          + "' failed with " + type + (message == null ? "" : ": " + message) + " (as recorded; that exception"
          + " class cannot be rebuilt here, so this exception stands in for it)");
      if (cause != null) {
        rebuilt.initCause(cause);
      }
    }
    JsonNode stack = node.path("stack");
    StackTraceElement[] frames = new StackTraceElement[stack.size()];
    for (int i = 0; i < frames.length; i++) {
      JsonNode f = stack.get(i);
      frames[i] = new StackTraceElement(f.path("class").asText(), f.path("method").asText(),
          f.hasNonNull("file") ? f.get("file").asText() : null, f.path("line").asInt());
    }
    rebuilt.setStackTrace(frames);
    return rebuilt;
  }

  /** Tries the usual constructors, most informative first; null when none fits. */
  private static Throwable instantiate(String type, String message, Throwable cause, ClassLoader loader) {
    Class<?> raw;
    try {
      raw = Class.forName(type, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    if (!Throwable.class.isAssignableFrom(raw)) {
      return null;
    }
    Class<? extends Throwable> cls = raw.asSubclass(Throwable.class);
    Class<?> causeType = cause == null ? null : cause.getClass();
    Throwable t = null;
    // (String message, SomeThrowable cause), e.g. UncheckedIOException(String, IOException).
    for (Constructor<?> c : cls.getDeclaredConstructors()) {
      Class<?>[] p = c.getParameterTypes();
      if (t == null && p.length == 2 && p[0] == String.class && Throwable.class.isAssignableFrom(p[1])
          && (causeType == null || p[1].isAssignableFrom(causeType))) {
        t = construct(cls, p, message, cause);
      }
    }
    if (t == null) {
      t = construct(cls, new Class<?>[] {String.class}, message);
    }
    if (t == null && message == null) {
      t = construct(cls, new Class<?>[] {});
    }
    if (t == null && causeType != null && message != null && message.equals(cause.toString())) {
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        Class<?>[] p = c.getParameterTypes();
        if (t == null && p.length == 1 && p[0].isAssignableFrom(causeType)) {
          t = construct(cls, p, cause);
        }
      }
    }
    if (t != null && cause != null && t.getCause() == null) {
      try {
        t.initCause(cause);
      } catch (IllegalStateException | IllegalArgumentException alreadySet) {
        // The constructor fixed its own cause; the rebuilt exception keeps it.
      }
    }
    return t;
  }

  private static Throwable construct(Class<? extends Throwable> cls, Class<?>[] params, Object... args) {
    try {
      Constructor<? extends Throwable> c = cls.getDeclaredConstructor(params);
      c.setAccessible(true);
      return c.newInstance(args);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
