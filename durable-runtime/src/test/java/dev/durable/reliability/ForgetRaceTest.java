package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.WorkflowDefinitionException;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forget} racing a claim (issue 20 C): one engine re-runs a workflow that ends FAILED, again
 * and again, while another engine forgets it in a loop. Checked on the read connection and deleted
 * in a later transaction, a run was deleted after the first engine had claimed it again, under its
 * feet (its caller got a {@code LeaseLostException}). Decided in the deleting transaction, a run is
 * deleted only between two runs, and the running engine never loses it.
 */
class ForgetRaceTest {
  @TempDir Path dir;

  /** A workflow whose only step always fails, so that each call claims, fails and finishes the run. */
  @DurableWorkflow
  public static class Doomed {
    @WorkflowMethod
    public String run() {
      return charge();
    }

    @DurableStep
    public String charge() {
      throw new IllegalStateException("card declined");
    }
  }

  @Test
  void forgetNeverDeletesARunAnotherEngineHasClaimed() throws Exception {
    Path db = dir.resolve("race.db");
    List<Throwable> unexpected = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger deletions = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    try (DurableEngine runner = DurableEngine.open(db); DurableEngine forgetter = DurableEngine.open(db)) {
      Thread forgetting = new Thread(() -> {
        while (!stop.get()) {
          try {
            if (forgetter.forget("w")) {
              deletions.incrementAndGet();
            }
          } catch (WorkflowDefinitionException e) {
            assertThat(e).hasMessageContaining("being run by another live engine");
            refusals.incrementAndGet();
          } catch (Throwable t) {
            synchronized (unexpected) {
              unexpected.add(t);
            }
          }
        }
      }, "forgetter");
      forgetting.start();
      long until = System.nanoTime() + 4_000_000_000L;
      try {
        while (System.nanoTime() < until && unexpected.isEmpty()) {
          try {
            runner.workflow(Doomed.class, "w").run();
          } catch (IllegalStateException e) {
            assertThat(e).hasMessage("card declined");
            runs.incrementAndGet();
          } catch (Throwable t) {
            synchronized (unexpected) {
              unexpected.add(t);
            }
          }
        }
      } finally {
        stop.set(true);
        forgetting.join(30_000);
      }
    }
    System.out.printf("ForgetRaceTest: %d runs, %d deletions, %d refusals%n", runs.get(), deletions.get(), refusals.get());
    assertThat(unexpected).as("errors other than the step's own failure (a LeaseLostException: deleted while it ran)").isEmpty();
    assertThat(deletions.get()).as("runs forgotten between two runs").isPositive();
    assertThat(runs.get()).isPositive();
  }
}
