package dev.durable;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A {@link DurableListener} that emits Java Flight Recorder events for steps, workflow runs and
 * warnings, so that JDK Mission Control shows each step's duration on its thread's timeline beside
 * the application's other events (I/O, locks, GC). It needs no dependency: JFR is part of the JDK.
 * While no recording is running, JFR discards the events at almost no cost, so the listener can stay
 * installed in production.
 *
 * <pre>{@code
 * DurableEngine engine = DurableEngine.builder(Path.of("app.db"))
 *     .listener(new JfrListener())
 *     .build();
 * }</pre>
 *
 * <p>Record with {@code java -XX:StartFlightRecording:filename=app.jfr ...}, or attach to a running
 * JVM with {@code jcmd <pid> JFR.start}, then open the file in JDK Mission Control or print it with
 * {@code jfr print --events dev.durable.Step app.jfr}. The events:
 *
 * <ul>
 *   <li>{@value #STEP_EVENT}: one per step outcome. Its duration runs from just before the body to
 *       just after the outcome is committed (zero for a replayed step, whose body does not run);
 *       {@code bodyDuration} is the body alone. A retried step has one event per attempt.
 *   <li>{@value #WORKFLOW_EVENT}: one per run of a workflow on this JVM, from its start or resume to
 *       its completion, failure, cancellation or suspension on a durable timer.
 *   <li>{@value #WARNING_EVENT}: one per {@link DurableWarning}, an instant event.
 * </ul>
 *
 * <p>One instance may serve several engines. A step or run that a crash, a lost lease or the engine's
 * closing stops without an outcome emits no event.
 */
public final class JfrListener implements DurableListener {
  /** The name of the step event. */
  public static final String STEP_EVENT = "dev.durable.Step";

  /** The name of the workflow run event. */
  public static final String WORKFLOW_EVENT = "dev.durable.Workflow";

  /** The name of the warning event. */
  public static final String WARNING_EVENT = "dev.durable.Warning";

  /**
   * Begun events that have not ended, per thread, most recent first. A step or run stopped without an
   * outcome leaves its event here; the cap keeps such leftovers from growing on a pooled thread.
   */
  private static final int MAX_OPEN = 16;

  private final ThreadLocal<Deque<Open>> openSteps = ThreadLocal.withInitial(ArrayDeque::new);
  private final ThreadLocal<Deque<Open>> openRuns = ThreadLocal.withInitial(ArrayDeque::new);

  /** Creates a listener; add it with {@link DurableEngine.Builder#listener}. */
  public JfrListener() {}

  /** Begins the step's event; {@link #onStep} on the same thread ends and commits it. */
  @Override
  public void onStepStart(StepStart start) {
    StepJfrEvent event = new StepJfrEvent();
    event.begin();
    push(openSteps.get(), new Open(stepKey(start.workflowId(), start.position(), start.attempt()), event));
  }

  /** Commits the step's event, begun by {@link #onStepStart} unless the step was replayed. */
  @Override
  public void onStep(StepEvent e) {
    Event begun = take(openSteps.get(), stepKey(e.workflowId(), e.position(), e.attempt()));
    StepJfrEvent event = begun instanceof StepJfrEvent s ? s : new StepJfrEvent();
    event.end();
    if (event.shouldCommit()) {
      event.workflowId = e.workflowId();
      event.workflowName = e.workflowName();
      event.position = e.position();
      event.stepName = e.stepName();
      event.outcome = e.outcome().name();
      event.attempt = e.attempt();
      event.bodyDuration = e.elapsed().toNanos();
      event.commit();
    }
  }

  /** Begins a run's event when it starts or resumes, and commits it when the run ends here. */
  @Override
  public void onWorkflow(WorkflowEvent e) {
    Deque<Open> open = openRuns.get();
    switch (e.kind()) {
      case STARTED, RESUMED -> {
        WorkflowJfrEvent event = new WorkflowJfrEvent();
        event.resumed = e.kind() == WorkflowEvent.Kind.RESUMED;
        event.begin();
        push(open, new Open(e.workflowId(), event));
      }
      default -> {
        Event begun = take(open, e.workflowId());
        WorkflowJfrEvent event = begun instanceof WorkflowJfrEvent w ? w : new WorkflowJfrEvent();
        event.end();
        if (event.shouldCommit()) {
          event.workflowId = e.workflowId();
          event.workflowName = e.workflowName();
          event.outcome = e.kind().name();
          event.commit();
        }
      }
    }
  }

  /** Commits an instant event with the warning. */
  @Override
  public void onWarning(DurableWarning w) {
    WarningJfrEvent event = new WarningJfrEvent();
    if (event.shouldCommit()) {
      event.kind = w.kind().name();
      event.workflowId = w.workflowId();
      event.workflowName = w.workflowName();
      event.className = w.className();
      event.message = w.message();
      event.commit();
    }
  }

  private static String stepKey(String workflowId, String position, int attempt) {
    return workflowId + '\u0000' + position + '\u0000' + attempt;
  }

  private static void push(Deque<Open> open, Open entry) {
    if (open.size() >= MAX_OPEN) {
      open.removeLast();
    }
    open.push(entry);
  }

  /**
   * Removes and returns the most recent begun event with {@code key}, dropping the more recent ones
   * above it: those were stopped without an outcome. Null if there is none.
   */
  private static Event take(Deque<Open> open, String key) {
    Open found = null;
    for (Iterator<Open> it = open.iterator(); it.hasNext() && found == null; ) {
      Open o = it.next();
      if (o.key.equals(key)) {
        found = o;
      }
    }
    if (found == null) {
      return null;
    }
    while (open.pop() != found) {
      // Discards a leftover.
    }
    return found.event;
  }

  private record Open(String key, Event event) {}

  @Name(STEP_EVENT)
  @Label("Durable Step")
  @Category({"Durable"})
  @Description("A step call: its body and the commit of its outcome, or its replay from the store")
  @StackTrace(false)
  static final class StepJfrEvent extends Event {
    @Label("Workflow Id")
    String workflowId;

    @Label("Workflow Name")
    String workflowName;

    @Label("Position")
    @Description("The step's deterministic position in its workflow, such as 4 or 2.1")
    String position;

    @Label("Step Name")
    String stepName;

    @Label("Outcome")
    @Description("EXECUTED, RE_EXECUTED, REPLAYED, FAILED, REPLAYED_FAILURE or RETRYING")
    String outcome;

    @Label("Attempt")
    int attempt;

    @Label("Body Duration")
    @Description("Time spent in the step body, without committing its outcome (zero for replays)")
    @Timespan(Timespan.NANOSECONDS)
    long bodyDuration;
  }

  @Name(WORKFLOW_EVENT)
  @Label("Durable Workflow Run")
  @Category({"Durable"})
  @Description("A workflow run on this JVM, from its start or resume to its end or suspension")
  @StackTrace(false)
  static final class WorkflowJfrEvent extends Event {
    @Label("Workflow Id")
    String workflowId;

    @Label("Workflow Name")
    String workflowName;

    @Label("Outcome")
    @Description("COMPLETED, FAILED, CANCELLED, SUSPENDED, or ALREADY_COMPLETED (nothing ran)")
    String outcome;

    @Label("Resumed")
    @Description("Whether the run resumed a stored workflow rather than starting a new one")
    boolean resumed;
  }

  @Name(WARNING_EVENT)
  @Label("Durable Warning")
  @Category({"Durable"})
  @Description("A warning the engine has for the application, as passed to DurableListener.onWarning")
  static final class WarningJfrEvent extends Event {
    @Label("Kind")
    String kind;

    @Label("Workflow Id")
    String workflowId;

    @Label("Workflow Name")
    String workflowName;

    @Label("Class Name")
    String className;

    @Label("Message")
    String message;
  }
}
