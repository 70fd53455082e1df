package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import dev.durable.testing.RecordingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureAndResumeTest extends StoreContract {

  /** Controls how often a step fails before it succeeds. */
  public static final class Faults {
    final AtomicInteger failuresLeft = new AtomicInteger();
  }

  public static class PaymentDeclined extends Exception {
    private static final long serialVersionUID = 1L;

    public PaymentDeclined(String message) {
      super(message);
    }
  }

  @DurableWorkflow
  public static class Checkout {
    private final Ledger ledger;
    private final Faults faults;

    public Checkout(Ledger ledger, Faults faults) {
      this.ledger = ledger;
      this.faults = faults;
    }

    @WorkflowMethod
    public String checkout(String order) throws PaymentDeclined {
      reserve(order);
      String receipt = charge(order);
      return ship(order) + " " + receipt;
    }

    @DurableStep
    public void reserve(String order) {
      ledger.ran("reserve");
    }

    @DurableStep
    public String charge(String order) throws PaymentDeclined {
      ledger.ran("charge");
      if (faults.failuresLeft.getAndDecrement() > 0) {
        throw new PaymentDeclined("card declined for " + order);
      }
      return "paid";
    }

    @DurableStep
    public String ship(String order) {
      ledger.ran("ship");
      return "shipped";
    }
  }

  @DurableWorkflow
  public static class TolerantCheckout {
    private final Ledger ledger;

    public TolerantCheckout(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String checkout(String order) {
      String payment;
      try {
        payment = charge(order);
      } catch (UncheckedIOException e) {
        payment = "fallback after " + e.getMessage();
      }
      return finish(payment);
    }

    @DurableStep
    public String charge(String order) {
      ledger.ran("charge");
      throw new UncheckedIOException("gateway down", new IOException("connection reset"));
    }

    @DurableStep
    public String finish(String payment) {
      ledger.ran("finish");
      if (ledger.count("finish") == 1) {
        throw new IllegalStateException("finish fails once");
      }
      return payment;
    }
  }

  @DurableWorkflow
  public static class Flaky {
    private final Ledger ledger;

    public Flaky(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String run() {
      return fetch();
    }

    @DurableStep(maxAttempts = 4, initialBackoffMillis = 1, backoffMultiplier = 2)
    public String fetch() {
      ledger.ran("fetch");
      if (ledger.count("fetch") < 3) {
        throw new IllegalStateException("try again");
      }
      return "fetched on attempt " + ledger.count("fetch");
    }
  }

  @DurableWorkflow
  public static class NoRetryOnBadInput {
    private final Ledger ledger;

    public NoRetryOnBadInput(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String run() {
      return validate();
    }

    @DurableStep(maxAttempts = 5, initialBackoffMillis = 1, doNotRetry = IllegalArgumentException.class)
    public String validate() {
      ledger.ran("validate");
      throw new IllegalArgumentException("bad input");
    }
  }

  private DurableEngine engine(Object... registrations) {
    DurableEngine.Builder b = builder("f");
    for (int i = 0; i < registrations.length; i += 2) {
      b.register((Class<?>) registrations[i], (Object[]) registrations[i + 1]);
    }
    return b.build();
  }

  @Test
  void failedWorkflowResumesAtTheFailedStep() throws Exception {
    Ledger ledger = new Ledger();
    Faults faults = new Faults();
    faults.failuresLeft.set(1);
    try (DurableEngine engine = engine(Checkout.class, new Object[] {ledger, faults})) {
      assertThatThrownBy(() -> engine.workflow(Checkout.class, "o-1").checkout("o-1"))
          .isInstanceOf(PaymentDeclined.class).hasMessage("card declined for o-1");
      assertThat(engine.inspect("o-1")).get().extracting(WorkflowInfo::status).isEqualTo(WorkflowStatus.FAILED);

      assertThat(engine.workflow(Checkout.class, "o-1").checkout("o-1")).isEqualTo("shipped paid");
    }
    assertThat(ledger.count("reserve")).isEqualTo(1);
    assertThat(ledger.count("charge")).isEqualTo(2);
    assertThat(ledger.count("ship")).isEqualTo(1);
  }

  @Test
  void caughtFailureIsHistoryAndIsReplayedWithoutRunningTheStep() {
    Ledger ledger = new Ledger();
    RecordingListener events = new RecordingListener();
    String db = "c";
    try (DurableEngine engine = builder(db).register(TolerantCheckout.class, ledger).listener(events).build()) {
      assertThatThrownBy(() -> engine.workflow(TolerantCheckout.class, "t-1").checkout("t-1"))
          .isInstanceOf(IllegalStateException.class);
      events.clear();
      assertThat(engine.workflow(TolerantCheckout.class, "t-1").checkout("t-1")).isEqualTo("fallback after gateway down");
    }
    assertThat(ledger.count("charge")).isEqualTo(1);
    assertThat(ledger.count("finish")).isEqualTo(2);
    assertThat(events.steps).extracting(StepEvent::stepName, StepEvent::outcome).containsExactly(
        org.assertj.core.groups.Tuple.tuple("charge", StepEvent.Outcome.REPLAYED_FAILURE),
        org.assertj.core.groups.Tuple.tuple("finish", StepEvent.Outcome.EXECUTED));
  }

  @Test
  void replayedFailureHasTheOriginalTypeMessageAndCause() {
    Ledger ledger = new Ledger();
    String db = "r";
    try (DurableEngine engine = builder(db).register(TolerantCheckout.class, ledger).build()) {
      assertThatThrownBy(() -> engine.workflow(TolerantCheckout.class, "t-2").checkout("t-2"));
    }
    // A fresh engine: the failure can only come from the store.
    try (DurableEngine engine = builder(db).register(TolerantCheckout.class, ledger).build()) {
      assertThat(engine.workflow(TolerantCheckout.class, "t-2").checkout("t-2")).isEqualTo("fallback after gateway down");
      String stored = engine.inspect("t-2").orElseThrow().steps().get(0).outputJson();
      assertThat(stored).contains("java.io.UncheckedIOException").contains("java.io.IOException").contains("connection reset");
    }
    assertThat(ledger.count("charge")).isEqualTo(1);
  }

  @Test
  void retryPolicyRetriesWithBackoffAndCountsAttempts() {
    Ledger ledger = new Ledger();
    RecordingListener events = new RecordingListener();
    try (DurableEngine engine = builder("retry").register(Flaky.class, ledger).listener(events).build()) {
      assertThat(engine.workflow(Flaky.class, "r").run()).isEqualTo("fetched on attempt 3");
      assertThat(engine.inspect("r").orElseThrow().steps().get(0).attempts()).isEqualTo(3);
    }
    assertThat(events.count(StepEvent.Outcome.RETRYING)).isEqualTo(2);
  }

  @Test
  void doNotRetryStopsAtTheFirstAttempt() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = builder("nr").register(NoRetryOnBadInput.class, ledger).build()) {
      assertThatThrownBy(() -> engine.workflow(NoRetryOnBadInput.class, "n").run()).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ledger.count("validate")).isEqualTo(1);
  }
}
