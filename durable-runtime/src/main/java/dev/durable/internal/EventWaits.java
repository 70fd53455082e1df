package dev.durable.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durable.EventPayloadException;
import dev.durable.StepSerializationException;
import dev.durable.WorkflowDefinitionException;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Events in workflow code: {@code Durable.awaitEvent} and {@code Durable.sendEvent}, and sending
 * from outside ({@code engine.sendEvent}).
 *
 * <p>An await takes the oldest stored event of its name that no await consumed, and records it at
 * its position in the same transaction that marks the event consumed, so that each event is
 * returned by exactly one await whatever crashes, and a replay returns the recorded payload without
 * looking at the events again. With none stored, the run suspends until one comes (the store makes
 * a waiting run due when an event of its name is stored) or until its timeout, whose deadline is
 * recorded on the first run, as a sleep's time is.
 */
final class EventWaits {
  static final String AWAIT = "Durable.awaitEvent";
  static final String SEND = "Durable.sendEvent";
  /** The recorded deadline of an await with a timeout, at the position before the await's. */
  static final String DEADLINE = "Durable.awaitEvent.deadline";

  private final WorkflowStore store;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final Clock clock;
  private final String owner;
  /** Makes a run of this engine that an event made due run now, not at the next poll. */
  private final Consumer<WorkflowRecord> wakeHere;

  EventWaits(WorkflowStore store, JsonCodec codec, ErrorCodec errors, Clock clock, String owner,
      Consumer<WorkflowRecord> wakeHere) {
    this.store = store;
    this.codec = codec;
    this.errors = errors;
    this.clock = clock;
    this.owner = owner;
    this.wakeHere = wakeHere;
  }

  /** The longest event name, so that names stay names (they are stored and indexed with every event). */
  static final int MAX_NAME_LENGTH = 200;

  /**
   * Refuses a name no event may have, before anything is stored.
   *
   * @param call the call and where it was made, for the message: {@code Durable.awaitEvent("x", ...)
   *     in workflow 'w'}, or {@code engine.sendEvent(...)}
   */
  static void checkName(String name, String call) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(call + ": an event name must be non-blank text of at most " + MAX_NAME_LENGTH
          + " characters; it was " + (name == null ? "null" : "'" + name + "'") + ". Fix: use a fixed name such as"
          + " \"approval\", the same in the sender and in the workflow's Durable.awaitEvent.");
    }
  }

  /** The Jackson type of an awaited payload. */
  JavaType type(java.lang.reflect.Type type) {
    return codec.type(type);
  }

  /**
   * The payload of the next event {@code name} of the run, as {@code type}; empty if {@code timeout}
   * (null: none) passes first.
   */
  Optional<Object> await(RunContext run, Sequence sequence, String name, JavaType type, Duration timeout) {
    run.checkNotStopped();
    long deadline = Long.MAX_VALUE;
    if (timeout != null) {
      deadline = (Long) run.recordedValue(sequence, DEADLINE, Long.class, () -> clock.millis() + timeout.toMillis());
    }
    String position = sequence.next();
    String stepName = AWAIT + "(" + name + ")";
    RecordedStep recorded = run.replayCheck(position, stepName);
    if (recorded != null && recorded.status() == StepStatus.COMPLETED) {
      return replayed(run, recorded, name, type);
    }
    if (recorded != null && recorded.status() == StepStatus.FAILED) {
      Throwable failure = errors.read(recorded.outputJson(), run.model().type().getClassLoader(), run.workflowId(), stepName);
      run.thrown(failure, position);
      throw rethrow(failure);
    }
    while (true) {
      // An event stored after the deadline came too late for this await (the run was down when its
      // timeout passed): the timeout wins, as it would have had the run been up, and the event waits
      // for the next await of its name.
      long due = deadline;
      Optional<StoredEvent> next = store.nextEvent(run.workflowId(), name).filter(e -> e.sentAt() <= due);
      if (next.isPresent()) {
        StoredEvent event = next.get();
        run.checkCancellation(position, false);
        long now = clock.millis();
        Object value;
        StepRecord step;
        EventPayloadException unreadable = null;
        try {
          value = codec.read(event.payloadJson(), type, run.workflowId(), "event '" + name + "'");
          step = new StepRecord(position, stepName, StepStatus.COMPLETED, 1, envelope(event), now, now);
        } catch (StepSerializationException e) {
          value = null;
          unreadable = new EventPayloadException("Event '" + name + "' (number " + event.seq() + ") sent to workflow '"
              + run.workflowId() + "' (" + run.model().name() + ")" + (event.payloadType() == null ? ""
              : " as " + event.payloadType()) + " cannot be read as " + type.toCanonical() + ", the type its"
              + " Durable.awaitEvent asks for: " + rootMessage(e) + ". The event is consumed by this await, which"
              + " failed. Fix: send the payload the workflow expects (or await the type the senders send); the workflow"
              + " may catch this exception and await the next event.");
          step = new StepRecord(position, stepName, StepStatus.FAILED, 1, errors.write(unreadable), now, now);
        }
        boolean consumed;
        try {
          consumed = store.consumeEvent(run.workflowId(), owner, event.seq(), step);
        } catch (RuntimeException e) {
          throw run.stopWith(e);
        }
        if (!consumed) {
          continue; // Another branch of this run took it: look for the next one.
        }
        if (unreadable != null) {
          run.thrown(unreadable, position);
          throw unreadable;
        }
        return Optional.ofNullable(value);
      }
      long now = clock.millis();
      if (now >= deadline) {
        run.checkCancellation(position, false);
        ObjectNode timedOut = JsonNodeFactory.instance.objectNode().put("event", name).put("timedOut", true);
        run.record(new StepRecord(position, stepName, StepStatus.COMPLETED, 1, timedOut.toString(), now, now));
        return Optional.empty();
      }
      long left = deadline - now;
      if (left <= RecordedValues.IN_THREAD_MILLIS) {
        // Due within moments (a worker wakes runs a little early): wait here, then look once more.
        try {
          Thread.sleep(left);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          // Stopped while waiting: suspend instead; the recorded deadline stands.
        }
      }
      run.checkCancellation(position, true);
      throw run.suspendUntil(deadline, WaitKeys.event(name));
    }
  }

  private Optional<Object> replayed(RunContext run, RecordedStep recorded, String name, JavaType type) {
    JsonNode envelope = codec.tree(recorded.outputJson());
    if (envelope.path("timedOut").asBoolean(false)) {
      return Optional.empty();
    }
    return Optional.ofNullable(codec.read(envelope.get("payload").toString(), type, run.workflowId(),
        "event '" + name + "'"));
  }

  /** What an await records: the event as it was consumed, so that a replay (and a reader) sees it whole. */
  private String envelope(StoredEvent event) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("event", event.name());
    node.put("seq", event.seq());
    if (event.payloadType() != null) {
      node.put("type", event.payloadType());
    }
    node.put("sentAt", event.sentAt());
    node.set("payload", codec.tree(event.payloadJson()));
    return node.toString();
  }

  /** {@code Durable.sendEvent}: sent and recorded in the sender's history in one transaction. */
  void sendFromRun(RunContext run, Sequence sequence, String targetId, String name, Object payload) {
    run.checkNotStopped();
    WorkflowIds.check(targetId);
    String position = sequence.next();
    String stepName = SEND + "(" + name + " to " + targetId + ")";
    RecordedStep recorded = run.replayCheck(position, stepName);
    if (recorded != null && recorded.status() == StepStatus.COMPLETED) {
      return;
    }
    if (recorded != null && recorded.status() == StepStatus.FAILED) {
      Throwable failure = errors.read(recorded.outputJson(), run.model().type().getClassLoader(), run.workflowId(), stepName);
      run.thrown(failure, position);
      throw rethrow(failure);
    }
    run.checkCancellation(position, true);
    String json = payloadJson(payload, targetId, name);
    long now = clock.millis();
    ObjectNode sent = JsonNodeFactory.instance.objectNode().put("to", targetId).put("event", name);
    EventDelivery delivery;
    try {
      delivery = store.sendEventFromRun(run.workflowId(), owner,
          new StepRecord(position, stepName, StepStatus.COMPLETED, 1, sent.toString(), now, now), targetId, name, json,
          payload.getClass().getName(), now);
    } catch (RuntimeException e) {
      throw run.stopWith(e);
    }
    if (!delivery.stored()) {
      // Recorded as the call's failure, so that a replay takes the same path even if the target exists by then.
      WorkflowDefinitionException failure = notDeliverable(delivery, targetId, name);
      run.record(new StepRecord(position, stepName, StepStatus.FAILED, 1, errors.write(failure), now, now));
      run.thrown(failure, position);
      throw failure;
    }
    if (delivery.woken()) {
      wakeHere.accept(delivery.target());
    }
  }

  /** {@code engine.sendEvent}: stored durably before this returns. */
  void send(String workflowId, String name, Object payload) {
    WorkflowIds.check(workflowId);
    String json = payloadJson(payload, workflowId, name);
    EventDelivery delivery = store.sendEvent(workflowId, name, json, payload.getClass().getName(), clock.millis());
    if (!delivery.stored()) {
      throw notDeliverable(delivery, workflowId, name);
    }
    if (delivery.woken()) {
      wakeHere.accept(delivery.target());
    }
  }

  /** The payload as JSON, or a clear error before anything is stored. */
  String payloadJson(Object payload, String workflowId, String name) {
    if (payload == null) {
      throw new NullPointerException("The payload of event '" + name + "' for workflow '" + workflowId + "' is null."
          + " Fix: send a value (an empty record or a string will do), so that the await has something to return.");
    }
    String json = codec.write(payload, codec.type(payload.getClass()), workflowId, "event '" + name + "'");
    if (json.equals("null")) {
      // An await would return it as no value, like a timeout.
      throw new IllegalArgumentException("The payload of event '" + name + "' for workflow '" + workflowId + "' ("
          + payload.getClass().getName() + ") is written as JSON null. Fix: send a value (an empty record or a"
          + " string will do), so that the await has something to return.");
    }
    return json;
  }

  static WorkflowDefinitionException notDeliverable(EventDelivery delivery, String workflowId, String name) {
    if (delivery.target() == null) {
      return new WorkflowDefinitionException("Cannot send event '" + name + "': there is no workflow '" + workflowId
          + "' in this database. Fix: check the id; if the event may come before the workflow is started (a webhook),"
          + " use engine.sendEventWithStart(...), which starts it and stores the event in one transaction.");
    }
    return new WorkflowDefinitionException("Cannot send event '" + name + "' to workflow '" + workflowId + "' ("
        + delivery.target().workflowName() + "): it has completed, so nothing would ever receive the event. Nothing"
        + " was stored. Fix: send it to a workflow that has not completed.");
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t.getCause() != null ? t.getCause() : t;
    String m = root.getMessage();
    int newline = m == null ? -1 : m.indexOf('\n');
    return m == null ? root.toString() : newline < 0 ? m : m.substring(0, newline);
  }

  /** Failures recorded at an await or a send are unchecked: the engine's own, or a stand-in for them. */
  private static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof RuntimeException r) {
      return r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(failure);
  }
}
