package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** Closing an engine whose worker holds a run waiting out a long retry backoff is quiet. */
class CloseDuringBackoffTest {
  @TempDir Path dir;

  @DurableWorkflow
  public static class Flaky {
    @WorkflowMethod
    public String run() {
      return call();
    }

    @DurableStep(maxAttempts = 5, initialBackoffMillis = 1_500)
    public String call() {
      throw new IllegalStateException("down");
    }
  }

  @RepeatedTest(3)
  void closingWhileARunWaitsOutItsBackoff_throwsNothing() {
    DurableEngine engine = DurableEngine.builder(dir.resolve("b.db")).pollInterval(Duration.ofMillis(50)).build();
    WorkflowHandle<String> run = engine.start(Flaky.class, "f", Flaky::run);
    EventsAndChildrenTest.awaitCondition(() -> run.status() == WorkflowStatus.WAITING, "the run waiting out its backoff");
    engine.close();
    try (DurableEngine again = DurableEngine.builder(dir.resolve("b.db")).clientOnly().build()) {
      assertThat(again.inspect("f").orElseThrow().status()).isEqualTo(WorkflowStatus.WAITING);
    }
  }
}
