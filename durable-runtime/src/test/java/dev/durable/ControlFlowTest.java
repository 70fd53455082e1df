package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import dev.durable.testing.RecordingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ControlFlowTest extends StoreContract {

  @DurableWorkflow
  public static class Batch {
    private final Ledger ledger;

    public Batch(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public int sum(int n) {
      int total = 0;
      for (int i = 0; i < n; i++) {
        total += square(i);
      }
      if (total > 10) {
        total = bonus(total);
      } else {
        total = penalty(total);
      }
      return total;
    }

    @DurableStep
    public int square(int i) {
      ledger.ran("square " + i);
      return i * i;
    }

    @DurableStep
    public int bonus(int total) {
      ledger.ran("bonus");
      return total + 1000;
    }

    @DurableStep
    public int penalty(int total) {
      ledger.ran("penalty");
      return total - 1000;
    }
  }

  @DurableWorkflow
  public static class FanOut {
    private final Ledger ledger;

    public FanOut(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public List<String> run(int branches) {
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (int b = 0; b < branches; b++) {
        int branch = b;
        futures.add(Durable.async(() -> second(branch, first(branch))));
      }
      List<String> results = new ArrayList<>();
      for (CompletableFuture<String> f : futures) {
        results.add(f.join());
      }
      return results;
    }

    @DurableStep
    public String first(int branch) {
      ledger.ran("first " + branch);
      // Uneven durations shuffle the commit order between branches.
      sleep((branch * 7) % 5);
      return "b" + branch;
    }

    @DurableStep
    public String second(int branch, String first) {
      ledger.ran("second " + branch);
      sleep((branch * 3) % 4);
      return first + "-done";
    }

    private static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void loopsGiveEveryIterationItsOwnPositionUnderOneStepName() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = builder("l").register(Batch.class, ledger).build()) {
      assertThat(engine.workflow(Batch.class, "loop").sum(5)).isEqualTo(1030);
      List<StepInfo> steps = engine.inspect("loop").orElseThrow().steps();
      assertThat(steps).extracting(StepInfo::position).containsExactly("1", "2", "3", "4", "5", "6");
      assertThat(steps).extracting(StepInfo::stepName).containsExactly("square", "square", "square", "square", "square", "bonus");
    }
    assertThat(ledger.total()).isEqualTo(6);
  }

  @Test
  void conditionalBranchesReplayTheRecordedPath() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = builder("c").register(Batch.class, ledger).build()) {
      assertThat(engine.workflow(Batch.class, "small").sum(2)).isEqualTo(-999);
      assertThat(engine.workflow(Batch.class, "small").sum(2)).isEqualTo(-999);
    }
    assertThat(ledger.count("penalty")).isEqualTo(1);
    assertThat(ledger.count("bonus")).isZero();
  }

  @Test
  void eightParallelBranchesGetStableKeysWhateverTheInterleaving() {
    Ledger ledger = new Ledger();
    String db = "p";
    List<String> expected = List.of("b0-done", "b1-done", "b2-done", "b3-done", "b4-done", "b5-done", "b6-done", "b7-done");
    try (DurableEngine engine = builder(db).register(FanOut.class, ledger).build()) {
      assertThat(engine.workflow(FanOut.class, "fan").run(8)).isEqualTo(expected);
      List<StepInfo> steps = engine.inspect("fan").orElseThrow().steps();
      for (int b = 0; b < 8; b++) {
        int position = b + 1;
        assertThat(steps).filteredOn(s -> s.position().equals(position + ".1")).extracting(StepInfo::outputJson).containsExactly("\"b" + b + "\"");
        assertThat(steps).filteredOn(s -> s.position().equals(position + ".2")).extracting(StepInfo::stepName).containsExactly("second");
      }
    }
    assertThat(ledger.total()).isEqualTo(16);
  }

  @Test
  void parallelBranchesResumeFromAPartialHistory() {
    Ledger ledger = new Ledger();
    String db = "pp";
    RecordingListener events = new RecordingListener();
    try (DurableEngine engine = builder(db).register(FanOut.class, ledger).build()) {
      engine.workflow(FanOut.class, "fan").run(8);
    }
    // Simulate a crash that lost the second half of the branches' outcomes.
    Testing.deleteSteps(store(), db, "fan", "5.%", "6.%", "7.%", "8.%");
    Testing.markRunning(store(), db, "fan");
    try (DurableEngine engine = builder(db).register(FanOut.class, ledger).listener(events).build()) {
      assertThat(engine.workflow(FanOut.class, "fan").run(8)).hasSize(8);
    }
    assertThat(events.count(StepEvent.Outcome.REPLAYED)).isEqualTo(8);
    assertThat(events.count(StepEvent.Outcome.EXECUTED)).isEqualTo(8);
    assertThat(ledger.count("first 0")).isEqualTo(1);
    assertThat(ledger.count("first 7")).isEqualTo(2);
  }
}
