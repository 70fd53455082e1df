package dev.durable.internal;

import dev.durable.NotInWorkflowException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * What the current thread is doing for the engine: running workflow code of a run (with its
 * position sequence), or running the body of one of its steps. Bound in a thread-local by the
 * engine for the duration of the run or the branch, and restored afterwards; it holds per-run
 * state, never engine-wide state, so two engines in one JVM do not see each other.
 */
public final class Frame {
  private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

  final RunContext run;
  final Sequence sequence;
  /** Non-null while a step body runs on this thread. */
  final String stepName;

  Frame(RunContext run, Sequence sequence, String stepName) {
    this.run = run;
    this.sequence = sequence;
    this.stepName = stepName;
  }

  /** The frame of the current thread when it runs workflow code (not a step body), or null. */
  public static Frame currentOrNull() {
    Frame f = CURRENT.get();
    return f == null || f.stepName != null ? null : f;
  }

  static Frame raw() {
    return CURRENT.get();
  }

  /** The current workflow-code frame, or a clear error naming {@code api}. */
  public static Frame require(String api) {
    Frame f = CURRENT.get();
    if (f == null) {
      throw notInWorkflow(api);
    }
    if (f.stepName != null) {
      throw new NotInWorkflowException(api + " was called inside the body of step '" + f.stepName + "' of workflow '"
          + f.run.workflowId() + "'. A step body runs once and its result is recorded as a whole, so it needs no"
          + " replay-safe helpers. Fix: use the plain JDK call inside the step (Instant.now(), UUID.randomUUID(),"
          + " an executor), or move this call into the workflow method.");
    }
    return f;
  }

  /**
   * As {@link #require}, for calls that orchestrate (sleeps, events, children), which are refused in
   * a step body for another reason: they would not be recorded there.
   */
  public static Frame requireOrchestration(String api) {
    Frame f = CURRENT.get();
    if (f != null && f.stepName != null) {
      throw new NotInWorkflowException(api + " was called inside the body of step '" + f.stepName + "' of workflow '"
          + f.run.workflowId() + "'. A step body is not replayed: only its result is recorded, so a wait, an event or a"
          + " child workflow inside it would not be, and a retry of the step would repeat it. Fix: move this call into"
          + " the workflow method (a step can return what the workflow needs to decide).");
    }
    return require(api);
  }

  /** The current frame, workflow code or step body, or a clear error naming {@code api}. */
  public static Frame requireAny(String api) {
    Frame f = CURRENT.get();
    if (f == null) {
      throw notInWorkflow(api);
    }
    return f;
  }

  private static NotInWorkflowException notInWorkflow(String api) {
    return new NotInWorkflowException(api + " was called outside a running workflow. It records its value in the"
        + " workflow's history, so it only works in workflow code: a @WorkflowMethod called on a proxy from"
        + " DurableEngine.workflow(...), and code it calls. Fix: call it from workflow code, or use the plain JDK"
        + " equivalent outside workflows.");
  }

  static Frame enter(Frame frame) {
    Frame previous = CURRENT.get();
    CURRENT.set(frame);
    return previous;
  }

  static void restore(Frame previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  Frame inStep(String name) {
    return new Frame(run, sequence, name);
  }

  public <T> CompletableFuture<T> fork(Callable<T> branch) {
    return run.fork(sequence, branch);
  }

  /** How long {@code Durable.sleep} may sleep: longer than any real schedule, short of overflows. */
  private static final long LONGEST_SLEEP_MILLIS = Duration.ofDays(365L * 100).toMillis();

  /** A durable timer of {@code duration} from now (now as recorded on the first run). */
  public void sleep(Duration duration) {
    if (duration.isNegative() || duration.compareTo(Duration.ofMillis(LONGEST_SLEEP_MILLIS)) > 0) {
      throw new IllegalArgumentException("Durable.sleep(" + duration + ") in workflow '" + run.workflowId() + "': the"
          + " duration must be between zero and 100 years. Fix: pass a non-negative duration, or use"
          + " Durable.sleepUntil(instant) for a point in time.");
    }
    run.sleepUntil(sequence, () -> run.nowMillis() + duration.toMillis());
  }

  /** A durable timer until {@code wakeAt}; one in the past returns at once. */
  public void sleepUntil(Instant wakeAt) {
    long millis;
    try {
      millis = wakeAt.toEpochMilli();
    } catch (ArithmeticException e) {
      millis = Long.MAX_VALUE;
    }
    long now = run.nowMillis();
    if (millis - now > LONGEST_SLEEP_MILLIS) {
      throw new IllegalArgumentException("Durable.sleepUntil(" + wakeAt + ") in workflow '" + run.workflowId() + "':"
          + " that is more than 100 years away. Fix: pass the instant the workflow should wake up at.");
    }
    long due = millis;
    run.sleepUntil(sequence, () -> due);
  }

  /**
   * The next event {@code name} of this run, read as {@code type}; empty if {@code timeout} (null:
   * none) passes first.
   */
  public Optional<Object> awaitEvent(String name, java.lang.reflect.Type type, Duration timeout) {
    checkEventName(name, "Durable.awaitEvent");
    if (timeout != null && (timeout.isNegative() || timeout.compareTo(Duration.ofMillis(LONGEST_SLEEP_MILLIS)) > 0)) {
      throw new IllegalArgumentException("Durable.awaitEvent(\"" + name + "\", ..., " + timeout + ") in workflow '"
          + run.workflowId() + "': the timeout must be between zero and 100 years. Fix: pass a non-negative duration,"
          + " or use the overload without a timeout to wait as long as it takes.");
    }
    return run.env().events().await(run, sequence, name, run.env().events().type(type), timeout);
  }

  /** Sends event {@code name} to another run, once: the send is recorded in this run's history. */
  public void sendEvent(String workflowId, String name, Object payload) {
    checkEventName(name, "Durable.sendEvent");
    run.env().events().sendFromRun(run, sequence, workflowId, name, payload);
  }

  /** A proxy that runs {@code type}'s workflow method as a child run {@code childId} of this run. */
  public <C> C child(Class<C> type, String childId) {
    return run.env().children().proxy(type, childId);
  }

  private void checkEventName(String name, String api) {
    EventWaits.checkName(name, api + "(...) in workflow '" + run.workflowId() + "'");
  }

  /** Whether this run takes the new path of change {@code changeId} (see {@link Patches}). */
  public boolean patched(String changeId) {
    checkChangeId(changeId, "Durable.patched");
    return Patches.patched(run, sequence, changeId, run.env().clock());
  }

  /** Consumes the marker of change {@code changeId} where the history holds one (see {@link Patches}). */
  public void deprecatePatch(String changeId) {
    checkChangeId(changeId, "Durable.deprecatePatch");
    Patches.deprecatePatch(run, sequence, changeId);
  }

  private void checkChangeId(String changeId, String api) {
    if (changeId == null || changeId.isBlank() || changeId.length() > 200 || changeId.contains(")")) {
      throw new IllegalArgumentException(api + "(" + (changeId == null ? "null" : "\"" + changeId + "\"")
          + ") in workflow '" + run.workflowId() + "': a change id must be non-blank text of at most 200 characters"
          + " without ')'. Fix: name the change, for example \"add-fraud-check\", and never reuse the name.");
    }
  }

  public Instant recordedNow() {
    return run.recordedNow(sequence);
  }

  public UUID recordedRandomUuid() {
    return run.recordedRandomUuid(sequence);
  }

  public String workflowId() {
    return run.workflowId();
  }
}
