package dev.durable;

import dev.durable.internal.Frame;
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
