package dev.durable.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.Durable;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workflows that wait for days, tested in moments by moving the extension's clock. */
class DurableExtensionTest {
  /** The side effects of the steps, as "step at instant". */
  static final class Outbox {
    final List<String> sent = new CopyOnWriteArrayList<>();
  }

  final Outbox outbox = new Outbox();

  @RegisterExtension
  final DurableExtension durable = DurableExtension.configure(b -> b.register(Reminder.class, outbox));

  @DurableWorkflow(name = "reminder")
  public static class Reminder {
    private final Outbox outbox;

    public Reminder(Outbox outbox) {
      this.outbox = outbox;
    }

    @WorkflowMethod
    public String remind(String who) {
      send("welcome " + who, Durable.now());
      Optional<String> reply = Durable.awaitEvent("reply", String.class, Duration.ofDays(1));
      if (reply.isEmpty()) {
        send("nudge " + who, Durable.now());
      }
      Durable.sleep(Duration.ofDays(3));
      return send("reminder " + who, Durable.now());
    }

    @DurableStep
    public String send(String message, Instant at) {
      outbox.sent.add(message + " at " + at);
      return message;
    }
  }

  @Test
  void daysOfTimersAndTimeouts_passAsTheTestMovesTheClock() {
    Instant start = durable.clock().instant();
    WorkflowHandle<String> run = durable.engine().start(Reminder.class, "r-1", w -> w.remind("ada"));
    durable.awaitStatus(run, WorkflowStatus.WAITING);
    assertThat(outbox.sent).containsExactly("welcome ada at " + start);

    durable.clock().advance(Duration.ofDays(1));
    // The timeout passed: the nudge goes out, and the run sleeps again, three days from now.
    durable.awaitUntil(() -> outbox.sent.size() == 2 && run.status() == WorkflowStatus.WAITING, "the nudge");
    durable.clock().advance(Duration.ofDays(3));

    assertThat(run.result(Duration.ofSeconds(10))).isEqualTo("reminder ada");
    assertThat(outbox.sent).containsExactly("welcome ada at " + start, "nudge ada at " + start.plus(Duration.ofDays(1)),
        "reminder ada at " + start.plus(Duration.ofDays(4)));
  }

  @Test
  void eachTestHasAFreshDatabase_andTheClockStandsStill() {
    assertThat(durable.engine().inspect("r-1")).as("the other test's run").isEmpty();
    Instant before = durable.clock().instant();
    WorkflowHandle<String> run = durable.engine().start(Reminder.class, "r-2", w -> w.remind("bob"));
    durable.engine().sendEvent("r-2", "reply", "thanks");
    durable.awaitStatus(run, WorkflowStatus.WAITING);
    assertThat(durable.clock().instant()).isEqualTo(before);
    assertThat(outbox.sent).containsExactly("welcome bob at " + before);
    assertThat(durable.database()).exists();
  }
}
