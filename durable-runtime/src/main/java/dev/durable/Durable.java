package dev.durable;

import dev.durable.internal.Frame;
import java.time.Duration;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Optional;
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
 * <p>Called outside a running workflow, or inside a step body (a step body is not replayed, so its
 * waits, events and children would not be recorded), each method but {@link #workflowId()} and
 * {@link #inWorkflow()} throws {@link NotInWorkflowException} saying so and what to do instead.
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
    Frame.requireOrchestration("Durable.sleep()").sleep(duration);
  }

  /**
   * A durable timer until {@code wakeAt} (see {@link #sleep(Duration)}); an instant in the past
   * returns at once.
   */
  public static void sleepUntil(Instant wakeAt) {
    if (wakeAt == null) {
      throw new NullPointerException("Durable.sleepUntil(wakeAt): wakeAt is null");
    }
    Frame.requireOrchestration("Durable.sleepUntil()").sleepUntil(wakeAt);
  }

  /**
   * Waits for the next event {@code name} sent to this run ({@link DurableEngine#sendEvent} from
   * outside, {@link #sendEvent} from another workflow) and returns its payload. Until one comes the
   * run is suspended, as in a {@link #sleep}: no thread held, nothing in memory, resumed by any
   * engine on the database when the event is stored. Events that came earlier wait for their await
   * (the oldest first); each is returned by exactly one await, whatever crashes happen, and a replay
   * returns the same payload.
   *
   * <pre>{@code
   * Approval approval = Durable.awaitEvent("approval", Approval.class);
   * }</pre>
   *
   * @throws EventPayloadException if the event's payload cannot be read as {@code type}; the event is
   *     consumed by this await
   */
  public static <T> T awaitEvent(String name, Class<T> type) {
    requireType(type, "Durable.awaitEvent");
    return boxed(type).cast(Frame.requireOrchestration("Durable.awaitEvent()").awaitEvent(name, type, null).orElse(null));
  }

  /**
   * As {@link #awaitEvent(String, Class)}, giving up after {@code timeout}, counted from when this
   * await is first reached (the deadline is recorded, so a crash does not restart it). Empty if the
   * timeout passes first: a replay returns empty too, even if the event came later, and that event
   * waits for the next await of its name.
   */
  public static <T> Optional<T> awaitEvent(String name, Class<T> type, Duration timeout) {
    requireType(type, "Durable.awaitEvent");
    if (timeout == null) {
      throw new NullPointerException("Durable.awaitEvent(name, type, timeout): timeout is null");
    }
    return Frame.requireOrchestration("Durable.awaitEvent()").awaitEvent(name, type, timeout).map(boxed(type)::cast);
  }

  /**
   * As {@link #awaitEvent(String, Class)} for a generic payload type, for example {@code new
   * TypeReference<List<Item>>() {}.getType()}.
   */
  @SuppressWarnings("unchecked")
  public static <T> T awaitEvent(String name, Type type) {
    requireType(type, "Durable.awaitEvent");
    return (T) Frame.requireOrchestration("Durable.awaitEvent()").awaitEvent(name, type, null).orElse(null);
  }

  /** As {@link #awaitEvent(String, Class, Duration)} for a generic payload type. */
  @SuppressWarnings("unchecked")
  public static <T> Optional<T> awaitEvent(String name, Type type, Duration timeout) {
    requireType(type, "Durable.awaitEvent");
    if (timeout == null) {
      throw new NullPointerException("Durable.awaitEvent(name, type, timeout): timeout is null");
    }
    return (Optional<T>) Frame.requireOrchestration("Durable.awaitEvent()").awaitEvent(name, type, timeout);
  }

  /**
   * Sends event {@code name} with {@code payload} to the workflow {@code workflowId}. The send is
   * recorded in this run's history in the same transaction that stores the event, so a replay does
   * not send it again.
   *
   * @throws WorkflowDefinitionException if there is no such workflow, or it has completed (recorded as
   *     this call's failure, so a replay throws it again)
   */
  public static void sendEvent(String workflowId, String name, Object payload) {
    Frame.requireOrchestration("Durable.sendEvent()").sendEvent(workflowId, name, payload);
  }

  /**
   * A proxy for running {@code workflowClass} as a child of this run, under {@code childWorkflowId}.
   * Calling its workflow method starts the child as a workflow of its own (its own history and
   * status, visible in {@code list} and {@code inspect}, run by any worker), suspends this run until
   * the child finishes, and returns its result, or throws its failure as a step would. The start and
   * the outcome are recorded in this run's history, so a replayed parent never starts a child twice.
   * Run children in parallel with {@link #async}. Cancelling the parent cancels its unfinished
   * children. The id must be deterministic: derive it from the parent's id and its arguments.
   *
   * <pre>{@code
   * Laptop laptop = Durable.child(LaptopWorkflow.class, Durable.workflowId() + "-laptop").provision(hire);
   * }</pre>
   */
  public static <C> C child(Class<C> workflowClass, String childWorkflowId) {
    if (workflowClass == null) {
      throw new NullPointerException("Durable.child(workflowClass, id): workflowClass is null");
    }
    return Frame.requireOrchestration("Durable.child()").child(workflowClass, childWorkflowId);
  }

  private static void requireType(Object type, String api) {
    if (type == null) {
      throw new NullPointerException(api + "(name, type): type is null");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Class<T> boxed(Class<T> type) {
    return type.isPrimitive() ? (Class<T>) java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
  }

  /**
   * Whether this run takes the new path of a code change, so that runs in flight when the change is
   * deployed can finish on the old path:
   *
   * <pre>{@code
   * if (Durable.patched("add-fraud-check")) {
   *   fraudCheck(order);   // new runs, and runs that reach this point after the deployment
   * }
   * charge(order);         // runs recorded before the change replay as they were
   * }</pre>
   *
   * <p>Returns true on the new code's first run through this point, which records a marker here,
   * and on every replay of it. Returns false, recording nothing, when the history holds something
   * else here: that run was recorded by the code before the change, and replays it. A run whose
   * history ends before this point takes the new path from here on. Once no run recorded before the
   * change remains, keep only the new path and replace the call with {@link #deprecatePatch}; once
   * no run with the marker remains either, remove that too.
   *
   * @param changeId a name for the change, unique within the workflow and never reused
   */
  public static boolean patched(String changeId) {
    return Frame.require("Durable.patched()").patched(changeId);
  }

  /**
   * The second stage of retiring {@link #patched}: the code keeps only the new path, and this call
   * takes the place of the {@code patched} call, so that runs that recorded its marker still replay.
   * It records nothing.
   */
  public static void deprecatePatch(String changeId) {
    Frame.require("Durable.deprecatePatch()").deprecatePatch(changeId);
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
