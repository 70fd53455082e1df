package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoWorkflowCallFromStepRuleTest {
  @Test
  void stepCallingWorkflowMethod_isRejectedAtTheCall() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return step(); }
              @DurableStep String step() { return run(); }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("[DurableNoWorkflowCallFromStep] Flow.run() in step step()")
        .inFile(src)
        .onLine(5)
        .atColumn(42);
  }

  @Test
  void throughHelperAndOtherWorkflow_showsTheChain() {
    JavaFileObject billing =
        source(
            "test.Billing",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Billing {
              @WorkflowMethod public void charge() { }
            }
            """);
    JavaFileObject flow =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              private final Billing billing = new Billing();
              @WorkflowMethod public void run() { bill(); }
              @DurableStep void bill() { delegate(); }
              void delegate() { billing.charge(); }
            }
            """);
    assertThat(compile(billing, flow))
        .hadErrorContaining("(bill() -> delegate() -> Billing.charge())")
        .inFile(flow)
        .onLine(7)
        .atColumn(35);
  }

  @Test
  void workflowCallingWorkflowMethodsAndSteps_isAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return step() + other(); }
              @WorkflowMethod public String other() { return step(); }
              @DurableStep String step() { return "done"; }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void suppressedOnTheStep_isSilent() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return step(); }
              @SuppressWarnings("DurableNoWorkflowCallFromStep")
              @DurableStep String step() { return run(); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
