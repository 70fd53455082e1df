package dev.durable.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.Durable;
import dev.durable.WorkflowHandle;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DurableExtension#result} skips time, and failed steps are retried without their backoff. */
class TimeSkippingTest {
  static final class Outbox {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
  }

  final Outbox outbox = new Outbox();

  @RegisterExtension
  final DurableExtension durable = DurableExtension.configure(b -> b.register(Renewal.class, outbox).register(Flaky.class, outbox));

  @DurableWorkflow(name = "renewal")
  public static class Renewal {
    private final Outbox outbox;

    public Renewal(Outbox outbox) {
      this.outbox = outbox;
    }

    @WorkflowMethod
    public String renew(String who) {
      send("offer " + who, Durable.now());
      Optional<String> answer = Durable.awaitEvent("answer", String.class, Duration.ofDays(7));
      if (answer.isEmpty()) {
        Durable.sleep(Duration.ofDays(30));
        return send("lapsed " + who, Durable.now());
      }
      return send(answer.get() + " " + who, Durable.now());
    }

    @DurableStep
    public String send(String message, Instant at) {
      outbox.sent.add(message + " at " + at);
      return message;
    }
  }

  @DurableWorkflow(name = "flaky")
  public static class Flaky {
    private final Outbox outbox;

    public Flaky(Outbox outbox) {
      this.outbox = outbox;
    }

    @WorkflowMethod
    public int charge() {
      return attempt();
    }

    /** Fails 19 times, each followed by a backoff of 0.9 s: 17 s of real time, unless skipped. */
    @DurableStep(maxAttempts = 20, initialBackoffMillis = 900, backoffMultiplier = 1.0)
    public int attempt() {
      int n = outbox.attempts.incrementAndGet();
      if (n < 20) {
        throw new IllegalStateException("the payment service is down (attempt " + n + ")");
      }
      return n;
    }
  }

  @Test
  void aWeekOfTimeoutAndAMonthOfSleep_areSkippedWhileTheTestWaitsForTheResult() {
    Instant start = durable.clock().instant();
    WorkflowHandle<String> run = durable.engine().start(Renewal.class, "renew-1", w -> w.renew("ada"));

    assertThat(durable.result(run)).isEqualTo("lapsed ada");
    assertThat(outbox.sent).containsExactly("offer ada at " + start,
        "lapsed ada at " + start.plus(Duration.ofDays(7)).plus(Duration.ofDays(30)));
    assertThat(durable.clock().instant()).isEqualTo(start.plus(Duration.ofDays(37)));
  }

  @Test
  void anEventSentBeforeTheTimeout_winsOverIt_andNoTimeIsSkipped() {
    Instant start = durable.clock().instant();
    WorkflowHandle<String> run = durable.engine().start(Renewal.class, "renew-2", w -> w.renew("bob"));
    durable.engine().sendEvent("renew-2", "answer", "renewed");

    assertThat(durable.result(run)).isEqualTo("renewed bob");
    assertThat(durable.clock().instant()).isEqualTo(start);
  }

  @Test
  void failedStepsAreRetriedWithoutTheirBackoff() {
    WorkflowHandle<Integer> run = durable.engine().start(Flaky.class, "pay-1", Flaky::charge);

    // With its backoffs the run would take 17 s, longer than result() waits.
    assertThat(durable.result(run)).isEqualTo(20);
  }
}
