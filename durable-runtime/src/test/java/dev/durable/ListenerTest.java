package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a DurableListener sees of steps: a start before each attempt's body, the outcome after it. */
class ListenerTest extends StoreContract {

  @DurableWorkflow(name = "flaky")
  public static class Flaky {
    private int calls;

    @WorkflowMethod
    public String run() {
      return fetch();
    }

    @DurableStep(maxAttempts = 2, initialBackoffMillis = 1)
    public String fetch() {
      if (++calls == 1) {
        throw new IllegalStateException("first attempt fails");
      }
      return "ok";
    }
  }

  /** Keeps starts and outcomes in one sequence, with the thread each was reported on. */
  static final class Sequence implements DurableListener {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<StepEvent> steps = new CopyOnWriteArrayList<>();
    final List<StepStart> starts = new CopyOnWriteArrayList<>();

    @Override
    public void onStepStart(StepStart start) {
      starts.add(start);
      seen.add("start " + start.stepName() + " #" + start.attempt() + " on " + Thread.currentThread().getName());
    }

    @Override
    public void onStep(StepEvent event) {
      steps.add(event);
      seen.add(event.outcome() + " " + event.stepName() + " #" + event.attempt() + " on " + Thread.currentThread().getName());
    }
  }

  @Test
  void eachAttemptStartsBeforeItsOutcomeOnTheSameThreadAndReplaysDoNotStart() {
    Sequence listener = new Sequence();
    try (DurableEngine engine = builder("l").workerThreads(0).listener(listener).build()) {
      assertThat(engine.workflow(Flaky.class, "f-1").run()).isEqualTo("ok");
      assertThat(engine.workflow(Flaky.class, "f-1").run()).isEqualTo("ok");
    }
    String thread = Thread.currentThread().getName();
    assertThat(listener.seen).containsExactly(
        "start fetch #1 on " + thread,
        "RETRYING fetch #1 on " + thread,
        "start fetch #2 on " + thread,
        "EXECUTED fetch #2 on " + thread);
    assertThat(listener.starts).extracting(StepStart::workflowId, StepStart::workflowName, StepStart::position)
        .containsOnly(tuple("f-1", "flaky", "1"));
    assertThat(listener.steps).extracting(StepEvent::workflowName).containsOnly("flaky");
  }

  @Test
  void aReplayedStepIsReportedWithoutAStart() {
    String db = "r";
    try (DurableEngine engine = builder(db).workerThreads(0).build()) {
      engine.workflow(Flaky.class, "f-2").run();
    }
    Testing.markRunning(store(), db, "f-2");
    Sequence listener = new Sequence();
    try (DurableEngine engine = builder(db).workerThreads(0).listener(listener).build()) {
      assertThat(engine.workflow(Flaky.class, "f-2").run()).isEqualTo("ok");
    }
    assertThat(listener.starts).isEmpty();
    assertThat(listener.steps).extracting(StepEvent::workflowName, StepEvent::stepName, StepEvent::outcome)
        .containsExactly(tuple("flaky", "fetch", StepEvent.Outcome.REPLAYED));
  }
}
