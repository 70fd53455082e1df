package dev.durable;

import dev.durable.internal.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Replay-safe helpers for workflow code. Each one is recorded on the first run and returns the
 * recorded value on replay, so the workflow takes the same path after a crash.
 *
 * <pre>{@code
 * @WorkflowMethod
 * public Welcome onboard(Employee e) {
 *   EmployeeRecord record = createRecord(e);
 *   CompletableFuture<Laptop> laptop = Durable.async(() -> provisionLaptop(record));
 *   CompletableFuture<Access> access = Durable.async(() -> provisionAccess(record));
 *   return sendWelcomeEmail(record, laptop.join(), access.join(), Durable.now());
 * }
 * }</pre>
 *
 * <p>Called outside a running workflow (or inside a step body, where side effects belong and none of
 * this is needed), each method throws {@link IllegalStateException} saying so.
 */
public final class Durable {
  private Durable() {}

  /**
   * Runs {@code branch} in parallel with the calling workflow code. The branch's position in the
   * workflow is reserved here, in the calling thread, and its steps are numbered within the branch,
   * so every step keeps the same key on every run whatever the thread interleaving.
   *
   * @return a future completed with the branch's result, or exceptionally with what it threw
   */
  public static <T> CompletableFuture<T> async(Callable<T> branch) {
    if (branch == null) {
      throw new NullPointerException("Durable.async(branch): branch is null");
    }
    return Frame.require("Durable.async()").fork(branch);
  }

  /**
   * A durable timer: the workflow continues after {@code duration}, counted from when this sleep is
   * first reached. The wake-up time is recorded on the first run; until then the run is suspended
   * (recorded WAITING, no thread held, nothing in memory), and any engine on the database resumes it
   * when it is due, even after a crash or a restart. Replayed after its time, it returns at once.
   *
   * <pre>{@code
   * sendOffer(customer);
   * Durable.sleep(Duration.ofDays(3));
   * if (!accepted(customer)) sendReminder(customer);
   * }</pre>
   *
   * <p>In a {@link #async} branch, a sleep suspends the whole run: its other branches stop at their
   * next step (steps already running finish and are recorded), and all resume together when the
   * earliest timer is due; their recorded steps replay, none runs again.
   *
   * @throws IllegalArgumentException if {@code duration} is negative or longer than 100 years
   */
  public static void sleep(Duration duration) {
    if (duration == null) {
      throw new NullPointerException("Durable.sleep(duration): duration is null");
    }
    Frame.require("Durable.sleep()").sleep(duration);
  }

  /**
   * A durable timer until {@code wakeAt} (see {@link #sleep(Duration)}); an instant in the past
   * returns at once.
   */
  public static void sleepUntil(Instant wakeAt) {
    if (wakeAt == null) {
      throw new NullPointerException("Durable.sleepUntil(wakeAt): wakeAt is null");
    }
    Frame.require("Durable.sleepUntil()").sleepUntil(wakeAt);
  }

  /** The current time, recorded on the first run and replayed afterwards. Use instead of {@code Instant.now()}. */
  public static Instant now() {
    return Frame.require("Durable.now()").recordedNow();
  }

  /** A random UUID, recorded on the first run and replayed afterwards. Use instead of {@code UUID.randomUUID()}. */
  public static UUID randomUUID() {
    return Frame.require("Durable.randomUUID()").recordedRandomUuid();
  }

  /** The id of the workflow being run, for example to make a step's side effect idempotent. */
  public static String workflowId() {
    return Frame.requireAny("Durable.workflowId()").workflowId();
  }

  /** Whether the calling thread is running workflow code (not a step body, not ordinary code). */
  public static boolean inWorkflow() {
    return Frame.currentOrNull() != null;
  }
}
