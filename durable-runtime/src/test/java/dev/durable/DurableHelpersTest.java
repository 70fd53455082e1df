package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DurableHelpersTest extends StoreContract {

  public record Snapshot(Instant now, UUID id, String workflowId, String idSeenByStep) {}

  @DurableWorkflow
  public static class Stamps {
    @WorkflowMethod
    public Snapshot run() {
      Instant now = Durable.now();
      UUID id = Durable.randomUUID();
      return new Snapshot(now, id, Durable.workflowId(), stepSeesWorkflowId());
    }

    @DurableStep
    public String stepSeesWorkflowId() {
      return Durable.workflowId();
    }
  }

  @DurableWorkflow
  public static class MisusesNowInStep {
    @WorkflowMethod
    public Instant run() {
      return step();
    }

    @DurableStep
    public Instant step() {
      return Durable.now();
    }
  }

  /** A clock whose instant the test moves. */
  static final class MovableClock extends Clock {
    final AtomicReference<Instant> instant = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return instant.get();
    }
  }

  @Test
  void nowAndRandomUuidAreRecordedOnFirstRunAndReplayed() {
    MovableClock clock = new MovableClock();
    String db = "h";
    Snapshot first;
    try (DurableEngine engine = builder(db).clock(clock).build()) {
      first = engine.workflow(Stamps.class, "stamp-1").run();
    }
    assertThat(first.now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(first.workflowId()).isEqualTo("stamp-1");
    assertThat(first.idSeenByStep()).isEqualTo("stamp-1");

    clock.instant.set(Instant.parse("2030-06-01T12:00:00Z"));
    Testing.markRunning(store(), db, "stamp-1");
    try (DurableEngine engine = builder(db).clock(clock).build()) {
      assertThat(engine.workflow(Stamps.class, "stamp-1").run()).isEqualTo(first);
      assertThat(engine.workflow(Stamps.class, "stamp-2").run().now()).isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
      assertThat(engine.workflow(Stamps.class, "stamp-2").run().id()).isNotEqualTo(first.id());
    }
  }

  @Test
  void helpersOutsideAWorkflowFailWithAClearMessage() {
    assertThatThrownBy(Durable::now).isInstanceOf(NotInWorkflowException.class)
        .hasMessageContaining("Durable.now() was called outside a running workflow").hasMessageContaining("Fix:");
    assertThatThrownBy(Durable::randomUUID).isInstanceOf(NotInWorkflowException.class);
    assertThatThrownBy(Durable::workflowId).isInstanceOf(NotInWorkflowException.class);
    assertThatThrownBy(() -> Durable.async(() -> 1)).isInstanceOf(NotInWorkflowException.class)
        .hasMessageContaining("Durable.async()");
    assertThat(Durable.inWorkflow()).isFalse();
  }

  @Test
  void recordedHelpersInsideAStepBodyFailWithAClearMessage() {
    try (DurableEngine engine = builder("s").build()) {
      assertThatThrownBy(() -> engine.workflow(MisusesNowInStep.class, "m").run())
          .isInstanceOf(NotInWorkflowException.class)
          .hasMessageContaining("inside the body of step 'step' of workflow 'm'")
          .hasMessageContaining("Instant.now()");
    }
  }
}
