package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JfrListener's events, recorded with jdk.jfr and read back from the recording file. */
class JfrListenerTest {
  @TempDir Path dir;

  /** How often each step still fails before it succeeds. */
  public static final class Faults {
    final AtomicInteger lookup = new AtomicInteger();
    final AtomicInteger send = new AtomicInteger();
  }

  @DurableWorkflow(name = "mailing")
  public static class Mailing {
    private final Faults faults;

    public Mailing(Faults faults) {
      this.faults = faults;
    }

    @WorkflowMethod
    public String run(String who) {
      return send(lookup(who));
    }

    @DurableStep(maxAttempts = 2, initialBackoffMillis = 1)
    public String lookup(String who) {
      if (faults.lookup.getAndDecrement() > 0) {
        throw new IllegalStateException("directory busy");
      }
      return who + "@example.com";
    }

    @DurableStep
    public String send(String address) {
      if (faults.send.getAndDecrement() > 0) {
        throw new IllegalStateException("smtp down");
      }
      return "sent to " + address;
    }
  }

  /** Runs {@code work} under a recording of Durable's events and returns them, in commit order. */
  private List<RecordedEvent> record(Consumer<DurableEngine> work, Faults faults) throws IOException {
    Path file = dir.resolve("durable.jfr");
    try (Recording recording = new Recording()) {
      recording.enable(JfrListener.STEP_EVENT);
      recording.enable(JfrListener.WORKFLOW_EVENT);
      recording.enable(JfrListener.WARNING_EVENT);
      recording.start();
      try (DurableEngine engine = DurableEngine.builder(dir.resolve("m.db"))
          .register(Mailing.class, faults).listener(new JfrListener()).build()) {
        work.accept(engine);
      }
      recording.stop();
      recording.dump(file);
    }
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.durable."))
        .sorted((a, b) -> a.getEndTime().compareTo(b.getEndTime()))
        .toList();
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
  }

  private static String step(RecordedEvent e) {
    return e.getString("position") + " " + e.getString("stepName") + " " + e.getString("outcome") + " #"
        + e.getInt("attempt");
  }

  @Test
  void eachStepOutcomeIsAnEventLastingFromItsBodyToItsCommit() throws IOException {
    Faults faults = new Faults();
    faults.lookup.set(1);

    List<RecordedEvent> events = record(engine -> engine.workflow(Mailing.class, "m-1").run("ada"), faults);

    List<RecordedEvent> steps = named(events, JfrListener.STEP_EVENT);
    assertThat(steps).extracting(JfrListenerTest::step)
        .containsExactly("1 lookup RETRYING #1", "1 lookup EXECUTED #2", "2 send EXECUTED #1");
    assertThat(steps).allSatisfy(e -> {
      assertThat(e.getString("workflowId")).isEqualTo("m-1");
      assertThat(e.getString("workflowName")).isEqualTo("mailing");
      // The event covers the body and the commit of its outcome.
      assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofNanos(e.getLong("bodyDuration")));
      assertThat(e.getDuration()).isPositive();
    });
    assertThat(named(events, JfrListener.WORKFLOW_EVENT)).singleElement().satisfies(e -> {
      assertThat(e.getString("workflowId")).isEqualTo("m-1");
      assertThat(e.getString("outcome")).isEqualTo("COMPLETED");
      assertThat(e.getBoolean("resumed")).isFalse();
      // The run's event spans its steps' events.
      assertThat(e.getStartTime()).isBeforeOrEqualTo(steps.get(0).getStartTime());
      assertThat(e.getEndTime()).isAfterOrEqualTo(steps.get(2).getEndTime());
    });
  }

  @Test
  void aResumedRunReplaysItsCompletedStepsWithoutDuration() throws IOException {
    Faults faults = new Faults();
    faults.send.set(1);

    List<RecordedEvent> events = record(engine -> {
      assertThatThrownBy(() -> engine.workflow(Mailing.class, "m-2").run("bob")).hasMessage("smtp down");
      engine.resume("m-2").result();
      engine.workflow(Mailing.class, "m-2").run("bob");
    }, faults);

    List<RecordedEvent> steps = named(events, JfrListener.STEP_EVENT);
    assertThat(steps).extracting(JfrListenerTest::step).containsExactly(
        "1 lookup EXECUTED #1", "2 send FAILED #1", "1 lookup REPLAYED #1", "2 send EXECUTED #2");
    assertThat(steps.get(2).getDuration()).isZero();
    assertThat(named(events, JfrListener.WORKFLOW_EVENT))
        .extracting(e -> e.getString("outcome") + (e.getBoolean("resumed") ? " resumed" : ""))
        .containsExactly("FAILED", "COMPLETED resumed", "ALREADY_COMPLETED");
  }

  @Test
  void warningsAreInstantEvents() throws IOException {
    List<RecordedEvent> events = record(engine -> engine.workflow(Mailing.class, "m-3").run("cy"), new Faults());

    // This test's workflow class is compiled without durable-processor.
    assertThat(named(events, JfrListener.WARNING_EVENT)).singleElement().satisfies(e -> {
      assertThat(e.getString("kind")).isEqualTo("CLASS_WITHOUT_DESCRIPTOR");
      assertThat(e.getString("workflowName")).isEqualTo("mailing");
      assertThat(e.getString("className")).isEqualTo(Mailing.class.getName());
      assertThat(e.getString("message")).contains("durable-processor");
      assertThat(e.getDuration()).isZero();
    });
  }
}
