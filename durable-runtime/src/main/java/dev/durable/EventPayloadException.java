package dev.durable;

/**
 * An event's payload could not be read as the type its {@code Durable.awaitEvent} asked for. The
 * event is consumed by that await (its failure is recorded there, so a replay throws it again), and
 * the workflow code may catch this and await the next event of that name.
 */
public class EventPayloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventPayloadException(String message) {
    super(message);
  }
}
