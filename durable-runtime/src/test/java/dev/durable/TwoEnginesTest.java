package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Engines share nothing but a file; on one file they coordinate as two processes would. */
class TwoEnginesTest extends StoreContract {

  /** Lets the test hold a step open while a second caller arrives. */
  public static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
  }

  @DurableWorkflow
  public static class Slow {
    private final Ledger ledger;
    private final Gate gate;

    public Slow(Ledger ledger, Gate gate) {
      this.ledger = ledger;
      this.gate = gate;
    }

    @WorkflowMethod
    public String run() {
      return work();
    }

    @DurableStep
    public String work() {
      ledger.ran("work");
      gate.entered.countDown();
      try {
        gate.release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return "done by " + Thread.currentThread().getName();
    }
  }

  @Test
  void enginesOnDifferentFilesAreIndependent() {
    Ledger ledger = new Ledger();
    Gate gate = new Gate();
    gate.release.countDown();
    try (DurableEngine a = builder("a").register(Slow.class, ledger, gate).build();
        DurableEngine b = builder("b").register(Slow.class, ledger, gate).build()) {
      a.workflow(Slow.class, "same-id").run();
      b.workflow(Slow.class, "same-id").run();
      a.close();
      assertThat(b.inspect("same-id")).isPresent();
    }
    assertThat(ledger.count("work")).isEqualTo(2);
  }

  @Test
  void onOneFileASecondEngineWaitsForTheFirstAndGetsItsResult() throws Exception {
    Ledger ledger = new Ledger();
    Gate gate = new Gate();
    String db = "shared";
    try (DurableEngine a = builder(db).register(Slow.class, ledger, gate).build();
        DurableEngine b = builder(db).register(Slow.class, ledger, gate).build();
        DurableEngine c = builder(db).register(Slow.class, ledger, gate)
            .concurrentRuns(ConcurrentRunPolicy.FAIL).build()) {
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> a.workflow(Slow.class, "w").run());
      assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> b.workflow(Slow.class, "w").run());
      assertThatThrownBy(() -> c.workflow(Slow.class, "w").run())
          .isInstanceOf(WorkflowBusyException.class).hasMessageContaining("another live engine");
      Thread.sleep(200);
      assertThat(second).isNotDone();
      gate.release.countDown();
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(first.get(10, TimeUnit.SECONDS));
    }
    assertThat(ledger.count("work")).isEqualTo(1);
  }

  @Test
  void inOneEngineASecondThreadWaitsOrFailsAsConfigured() throws Exception {
    Ledger ledger = new Ledger();
    Gate gate = new Gate();
    try (DurableEngine engine = builder("one").register(Slow.class, ledger, gate)
        .concurrentRuns(ConcurrentRunPolicy.FAIL).build()) {
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> engine.workflow(Slow.class, "w").run());
      assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> engine.workflow(Slow.class, "w").run())
          .isInstanceOf(WorkflowBusyException.class).hasMessageContaining("another thread of this engine");
      gate.release.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertThat(engine.workflow(Slow.class, "w").run()).isEqualTo(first.get());
    }
    assertThat(ledger.count("work")).isEqualTo(1);
  }
}
