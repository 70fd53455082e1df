package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReplayVerificationTest extends StoreContract {

  /** Stands for "the code was changed between the crash and the resume". */
  public static final class CodeVersion {
    final AtomicReference<String> version = new AtomicReference<>("v1");
  }

  @DurableWorkflow(name = "evolving")
  public static class Evolving {
    private final Ledger ledger;
    private final CodeVersion code;

    public Evolving(Ledger ledger, CodeVersion code) {
      this.ledger = ledger;
      this.code = code;
    }

    @WorkflowMethod
    public String run(String input) {
      String a = validate(input);
      String b = switch (code.version.get()) {
        case "v1" -> charge(a);
        case "renamed" -> bill(a);
        case "removed" -> a;
        default -> throw new IllegalStateException();
      };
      if (ledger.count("crash") == 0) {
        ledger.ran("crash");
        throw new IllegalStateException("simulated failure after " + b);
      }
      return b;
    }

    @DurableStep
    public String validate(String input) {
      ledger.ran("validate");
      return input.trim();
    }

    @DurableStep
    public String charge(String a) {
      ledger.ran("charge");
      return a + " charged";
    }

    @DurableStep
    public String bill(String a) {
      ledger.ran("bill");
      return a + " billed";
    }
  }

  @Test
  void aDifferentStepAtARecordedPositionIsReportedWithTheHistory() {
    Ledger ledger = new Ledger();
    CodeVersion code = new CodeVersion();
    String db = "n";
    try (DurableEngine engine = builder(db).register(Evolving.class, ledger, code).build()) {
      assertThatThrownBy(() -> engine.workflow(Evolving.class, "wf-7").run(" x ")).hasMessageContaining("simulated failure");
      Testing.markRunning(store(), db, "wf-7");
      code.version.set("renamed");
      assertThatThrownBy(() -> engine.workflow(Evolving.class, "wf-7").run(" x "))
          .isInstanceOfSatisfying(NonDeterministicWorkflowException.class, e -> {
            assertThat(e.workflowId()).isEqualTo("wf-7");
            assertThat(e.position()).isEqualTo("2");
            assertThat(e.recordedStep()).isEqualTo("charge");
            assertThat(e.attemptedStep()).isEqualTo("bill");
          })
          .hasMessageContaining("Workflow 'wf-7' (evolving) does not replay its history")
          .hasMessageContaining("calls 'bill' at position 2 where the history holds 'charge'")
          .hasMessageContaining("<-- here")
          .hasMessageContaining("Fix:");
      // The history is untouched and the run stays resumable by the original code.
      assertThat(engine.inspect("wf-7").orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);
      assertThat(engine.inspect("wf-7").orElseThrow().steps()).extracting(StepInfo::stepName).containsExactly("validate", "charge");
      code.version.set("v1");
      assertThat(engine.workflow(Evolving.class, "wf-7").run(" x ")).isEqualTo("x charged");
    }
    assertThat(ledger.count("bill")).isZero();
    assertThat(ledger.count("charge")).isEqualTo(1);
  }

  @Test
  void recordedStepsTheCodeNoLongerReachesAreReported() {
    Ledger ledger = new Ledger();
    CodeVersion code = new CodeVersion();
    String db = "r";
    try (DurableEngine engine = builder(db).register(Evolving.class, ledger, code).build()) {
      assertThatThrownBy(() -> engine.workflow(Evolving.class, "wf-8").run("y"));
      Testing.markRunning(store(), db, "wf-8");
      code.version.set("removed");
      assertThatThrownBy(() -> engine.workflow(Evolving.class, "wf-8").run("y"))
          .isInstanceOf(NonDeterministicWorkflowException.class)
          .hasMessageContaining("finished without reaching recorded step 'charge' at position 2");
      assertThat(engine.inspect("wf-8").orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);
    }
  }

  @Test
  void callingAWorkflowIdWithOtherArgumentsIsRefused() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = builder("a").register(Evolving.class, ledger, new CodeVersion()).build()) {
      assertThatThrownBy(() -> engine.workflow(Evolving.class, "wf-9").run("first"));
      assertThatThrownBy(() -> engine.workflow(Evolving.class, "wf-9").run("second"))
          .isInstanceOf(WorkflowArgumentsMismatchException.class)
          .hasMessageContaining("was started as evolving.run(java.lang.String) with arguments [\"first\"]")
          .hasMessageContaining("now called as evolving.run(java.lang.String) with arguments [\"second\"]")
          .hasMessageContaining("Fix:");
      // Nothing about the original run changed.
      assertThat(engine.inspect("wf-9").orElseThrow().argumentsJson()).isEqualTo("[\"first\"]");
      assertThat(engine.workflow(Evolving.class, "wf-9").run("first")).isEqualTo("first charged");
    }
  }
}
