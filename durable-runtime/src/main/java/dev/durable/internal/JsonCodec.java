package dev.durable.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.durable.StepSerializationException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes and reads the values that cross the durable boundary (step results, workflow arguments and
 * results) as JSON with their full generic type, and says exactly which value failed when one
 * cannot be stored or read back.
 */
public final class JsonCodec {
  private final ObjectMapper mapper;
  // Readers and writers are immutable and thread-safe; building one per value was a large part of a
  // step's cost, so each type gets one for the engine's lifetime.
  private final Map<JavaType, ObjectWriter> writers = new ConcurrentHashMap<>();
  private final Map<JavaType, ObjectReader> readers = new ConcurrentHashMap<>();

  public JsonCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The mapper used when the builder is given none: records, Optional and java.time work out of the box. */
  public static ObjectMapper defaultMapper() {
    // Jackson refuses to read strings over 20 M characters by default, yet writes them happily: a step
    // could commit a result it can never replay. Reading must accept whatever writing produced.
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
        .build();
    return JsonMapper.builder(factory)
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .addModule(new ParameterNamesModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        // A ZonedDateTime must replay with its zone, not converted to UTC.
        .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .build();
  }

  public JavaType type(Type type) {
    return mapper.getTypeFactory().constructType(type);
  }

  /** @param what "step 'x'" or "the arguments", for the message */
  public String write(Object value, JavaType type, String workflowId, String what) {
    if (type.getRawClass() == void.class || type.getRawClass() == Void.class) {
      return "null";
    }
    try {
      ObjectWriter writer = writers.get(type);
      if (writer == null) {
        writer = writers.computeIfAbsent(type, mapper::writerFor);
      }
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StepSerializationException(workflowId, what, type.toCanonical(), false,
          "Cannot store the result of " + what + " of workflow '" + workflowId + "' as JSON: its type "
              + type.toCanonical() + (value == null ? "" : " (value of class " + value.getClass().getName() + ")")
              + " is not serializable by Jackson: " + e.getMessage() + ". The step is not recorded as completed,"
              + " because a result that cannot be replayed would break recovery. Fix: return a record or a"
              + " plain data class (or register a Jackson module for it with DurableEngine.builder().objectMapper(...)).", e);
    }
  }

  public Object read(String json, JavaType type, String workflowId, String what) {
    if (type.getRawClass() == void.class || type.getRawClass() == Void.class) {
      return null;
    }
    try {
      ObjectReader reader = readers.get(type);
      if (reader == null) {
        reader = readers.computeIfAbsent(type, mapper::readerFor);
      }
      return reader.readValue(json);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StepSerializationException(workflowId, what, type.toCanonical(), true,
          "Cannot read the recorded value of " + what + " of workflow '" + workflowId + "' as "
              + type.toCanonical() + ": " + e.getMessage() + ". The class probably changed shape since the value"
              + " was recorded. The stored history is left untouched. Fix: make the class read the old JSON"
              + " again (keep or rename fields with @JsonProperty/@JsonAlias, ignore new ones with"
              + " @JsonIgnoreProperties(ignoreUnknown = true)), then resume the workflow.", e);
    }
  }

  /** Writes arguments as one JSON array, each element with its declared generic type. */
  public String writeArguments(Object[] args, JavaType[] types, String workflowId) {
    ArrayNode array = mapper.createArrayNode();
    for (int i = 0; i < types.length; i++) {
      try {
        array.add(mapper.readTree(write(args[i], types[i], workflowId, "argument " + i)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Jackson could not re-read JSON it wrote for argument " + i, e);
      }
    }
    return array.toString();
  }

  public Object[] readArguments(String json, JavaType[] types, String workflowId) {
    JsonNode tree = tree(json);
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = read(tree.get(i).toString(), types[i], workflowId, "argument " + i);
    }
    return args;
  }

  /** Whether two JSON documents hold the same data (object key order ignored). */
  public boolean sameJson(String a, String b) {
    return tree(a).equals(tree(b));
  }

  public JsonNode tree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored JSON is not readable: " + e.getOriginalMessage(), e);
    }
  }

}
