package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** inspect() while a step body runs shows that step as started, though its marker is not in the database yet. */
class InspectRunningTest extends StoreContract {

  @DurableWorkflow
  public static class Slow {
    private final CountDownLatch inside;
    private final CountDownLatch release;

    public Slow(CountDownLatch inside, CountDownLatch release) {
      this.inside = inside;
      this.release = release;
    }

    @WorkflowMethod
    public String run() {
      return quick() + "/" + slow();
    }

    @DurableStep
    public String quick() {
      return "quick";
    }

    @DurableStep
    public String slow() {
      inside.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return "slow";
    }
  }

  @Test
  void aStepInsideItsBodyIsShownAsStarted_fromThisEngineAndFromAnother() throws Exception {
    String db = "inspect";
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (DurableEngine engine = builder(db).register(Slow.class, inside, release).build();
        DurableEngine observer = builder(db).build()) {
      CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> engine.workflow(Slow.class, "s").run());
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

      for (DurableEngine viewer : new DurableEngine[] {engine, observer}) {
        WorkflowInfo info = viewer.inspect("s").orElseThrow();
        assertThat(info.status()).isEqualTo(WorkflowStatus.RUNNING);
        assertThat(info.steps()).extracting(StepInfo::stepName, StepInfo::status, StepInfo::attempts)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("quick", StepInfo.Status.COMPLETED, 1),
                org.assertj.core.groups.Tuple.tuple("slow", StepInfo.Status.STARTED, 1));
      }

      release.countDown();
      assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo("quick/slow");
      assertThat(observer.inspect("s").orElseThrow().steps()).extracting(StepInfo::status)
          .containsExactly(StepInfo.Status.COMPLETED, StepInfo.Status.COMPLETED);
    }
  }
}
