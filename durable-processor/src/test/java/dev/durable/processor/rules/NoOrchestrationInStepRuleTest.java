package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoOrchestrationInStepRuleTest {
  @Test
  void waitsEventsAndChildrenInAStep_areRejectedAtEachCall() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable; import dev.durable.annotations.*;
            import java.time.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return work("x"); }
              @DurableStep String work(String who) {
                Durable.sleep(Duration.ofSeconds(1));
                Durable.sleepUntil(Instant.EPOCH);
                String go = Durable.awaitEvent("go", String.class);
                Durable.sendEvent("other", "go", who);
                return Durable.child(Laptop.class, "laptop-" + who).provision(go);
              }
              @DurableWorkflow public static class Laptop {
                @WorkflowMethod public String provision(String who) { return who; }
              }
            }
            """);
    Compilation compilation = compile(src);
    // One finding per call: the child proxy's provision(...) is not reported a second time.
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoOrchestrationInStep] Durable.sleep(...) in step work()")
        .inFile(src)
        .onLine(7)
        .atColumn(18);
    assertThat(compilation)
        .hadErrorContaining("Durable.sleepUntil(...) in step work()")
        .inFile(src)
        .onLine(8)
        .atColumn(23);
    assertThat(compilation)
        .hadErrorContaining("Durable.awaitEvent(...) in step work() waits for an event")
        .inFile(src)
        .onLine(9)
        .atColumn(35);
    assertThat(compilation)
        .hadErrorContaining("Durable.sendEvent(...) in step work()")
        .inFile(src)
        .onLine(10)
        .atColumn(22);
    assertThat(compilation)
        .hadErrorContaining("Durable.child(...) in step work() starts a child workflow inside a step")
        .inFile(src)
        .onLine(11)
        .atColumn(25);
    assertThat(compilation)
        .hadErrorContaining("a retry of the step would repeat it")
        .inFile(src)
        .onLine(11);
    assertThat(compilation)
        .hadErrorContaining("Fix: move the call into the workflow method")
        .inFile(src)
        .onLine(7);
  }

  @Test
  void inAHelperOfAStep_showsTheChain() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable; import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return work(); }
              @DurableStep String work() { return waitForGo(); }
              String waitForGo() { return Durable.awaitEvent("go", String.class); }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining(
            "[DurableNoOrchestrationInStep] Durable.awaitEvent(...) in code called from step work()"
                + " (work() -> waitForGo() -> Durable.awaitEvent(...))")
        .inFile(src)
        .onLine(6)
        .atColumn(49);
  }

  @Test
  void theReplaySafeHelpers_stayWithNoWorkflowApiInStep() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable; import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return work(); }
              @DurableStep String work() {
                return Durable.now() + "/" + Durable.async(() -> "x").join();
              }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoWorkflowApiInStep] Durable.now() in step work()")
        .inFile(src)
        .onLine(6)
        .atColumn(23);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoWorkflowApiInStep] Durable.async(...) in step work()")
        .inFile(src)
        .onLine(6)
        .atColumn(47);
  }

  @Test
  void suppressedOnTheStep_isSilent() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable; import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() { work(); }
              @SuppressWarnings("DurableNoOrchestrationInStep")
              @DurableStep void work() { Durable.sendEvent("other", "go", "now"); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
