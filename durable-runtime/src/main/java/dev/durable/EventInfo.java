package dev.durable;

import java.time.Instant;

/**
 * An event stored for a run, as {@link DurableEngine#inspect(String)} shows it: one that waits for an
 * {@link Durable#awaitEvent(String, Class) awaitEvent} of its name, or one that an await consumed.
 *
 * @param sequence its place in the order events were stored; awaits of a name take them in this order
 * @param name its name
 * @param payloadJson its payload, as JSON
 * @param payloadType the Java class the sender gave, or null if unknown
 * @param sentAt when it was stored
 * @param consumedAt the position of the await that returned it in the run's history, or null if it
 *     still waits for one
 */
public record EventInfo(
    long sequence, String name, String payloadJson, String payloadType, Instant sentAt, String consumedAt) {

  /** Whether an await has returned this event. */
  public boolean consumed() {
    return consumedAt != null;
  }
}
