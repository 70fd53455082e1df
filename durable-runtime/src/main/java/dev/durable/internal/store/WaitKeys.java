package dev.durable.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;

/**
 * What a suspended run waits for besides its timer, as keys a store can match without knowing the
 * engine: {@code event:NAME} for an event of that name, {@code child:ID} for that child run to
 * finish, {@code code:FINGERPRINT} for a decision to let code with that fingerprint resume the run
 * (see {@code ChangedCodePolicy}). Stored as a JSON array, so that SQL can look into it ({@code json_each}).
 */
public final class WaitKeys {
  private static final String EVENT = "event:";
  private static final String CHILD = "child:";
  private static final String CODE = "code:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private WaitKeys() {}

  public static String event(String name) {
    return EVENT + name;
  }

  public static String child(String workflowId) {
    return CHILD + workflowId;
  }

  public static String code(String fingerprint) {
    return CODE + fingerprint;
  }

  /** The fingerprint of a {@code code:} key, or null. */
  public static String codeFingerprint(String key) {
    return key.startsWith(CODE) ? key.substring(CODE.length()) : null;
  }

  /** The event name of an {@code event:} key, or null. */
  public static String eventName(String key) {
    return key.startsWith(EVENT) ? key.substring(EVENT.length()) : null;
  }

  /** The child id of a {@code child:} key, or null. */
  public static String childId(String key) {
    return key.startsWith(CHILD) ? key.substring(CHILD.length()) : null;
  }

  /** Says what {@code key} waits for, for people: "event 'approval'", "child 'laptop-7'". */
  public static String describe(String key) {
    String event = eventName(key);
    if (event != null) {
      return "event '" + event + "'";
    }
    String child = childId(key);
    if (child != null) {
      return "child '" + child + "'";
    }
    String code = codeFingerprint(key);
    return code != null ? "a decision on its changed code (now " + code + ")" : key;
  }

  public static String toJson(Collection<String> keys) {
    if (keys == null || keys.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(keys);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always writes as JSON", e);
    }
  }

  public static List<String> fromJson(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("waiting_for holds no JSON array of strings: " + json, e);
    }
  }
}
