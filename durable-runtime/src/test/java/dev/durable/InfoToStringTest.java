package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WorkflowInfo and StepInfo print one-line summaries, not their stored JSON. */
class InfoToStringTest {
  @TempDir Path dir;

  @DurableWorkflow(name = "signup")
  public static class Signup {
    @WorkflowMethod
    public String run(String who) {
      String profile = profile(who);
      charge(who);
      return profile;
    }

    @DurableStep
    public String profile(String who) {
      return who + ":" + "x".repeat(500);
    }

    @DurableStep
    public void charge(String who) {
      throw new IllegalStateException("card declined for " + who, new RuntimeException("gateway said no"));
    }
  }

  @Test
  void aFailedWorkflowPrintsItsErrorsTypeAndMessageWithoutTheStack() {
    try (DurableEngine engine = DurableEngine.open(dir.resolve("s.db"))) {
      assertThatThrownBy(() -> engine.workflow(Signup.class, "s-1").run("ada")).isInstanceOf(IllegalStateException.class);
      WorkflowInfo info = engine.inspect("s-1").orElseThrow();
      assertThat(info.resultJson()).contains("\"stack\"");

      assertThat(info.toString())
          .startsWith("WorkflowInfo[s-1 (signup) FAILED, 2 steps, updated ")
          .endsWith(", error java.lang.IllegalStateException: card declined for ada]")
          .doesNotContain("stack").doesNotContain("gateway").doesNotContain("\n");
      assertThat(info.steps().get(0).toString())
          .startsWith("StepInfo[1 profile COMPLETED, 1 attempt, ").contains(" ms, result \"ada:xxx")
          .endsWith("... (" + info.steps().get(0).outputJson().length() + " chars)]")
          .hasSizeLessThan(160);
      assertThat(info.steps().get(1).toString())
          .matches("StepInfo\\[2 charge REOPENED, 1 attempt, \\d+ ms,"
              + " error java.lang.IllegalStateException: card declined for ada]");
    }
  }

  @Test
  void aCompletedWorkflowPrintsItsResultAndAStartedStepWhenItStarted() {
    Instant t0 = Instant.parse("2026-01-05T10:15:30Z");
    StepInfo started = new StepInfo("3.1", "ship", StepInfo.Status.STARTED, 2, null, t0, null);
    WorkflowInfo info = new WorkflowInfo("o-7", "orders", "com.acme.Orders", "run(java.lang.String)", "[\"a\"]",
        WorkflowStatus.COMPLETED, "\"shipped\"", t0, t0.plusSeconds(2), null, List.of(started), null, List.of(), List.of());

    assertThat(started).hasToString("StepInfo[3.1 ship STARTED, 2 attempts, started 2026-01-05T10:15:30Z]");
    assertThat(info).hasToString(
        "WorkflowInfo[o-7 (orders) COMPLETED, 1 step, updated 2026-01-05T10:15:32Z, result \"shipped\"]");
  }

  @Test
  void anErrorThatIsNotInTheRecordedShapeIsShortenedLikeAValue() {
    Instant t0 = Instant.parse("2026-01-05T10:15:30Z");
    StepInfo step = new StepInfo("1", "s", StepInfo.Status.FAILED, 1, "not json\nat all", t0, t0.plusMillis(5));

    assertThat(step).hasToString("StepInfo[1 s FAILED, 1 attempt, 5 ms, error not json at all]");
  }
}
