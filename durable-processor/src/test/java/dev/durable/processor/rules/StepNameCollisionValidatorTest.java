package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class StepNameCollisionValidatorTest {
  @Test
  void overloads_collideAtTheSecondStep() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() { charge(1); charge(1, "EUR"); }
              @DurableStep void charge(int cents) { }
              @DurableStep void charge(int cents, String currency) { }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining(
            "[DurableStepNameCollision] Step name \"charge\" of Flow.charge(int, String) is also used by Flow.charge(int)")
        .inFile(src)
        .onLine(6)
        .atColumn(3);
  }

  @Test
  void explicitNameMatchingAnInterfaceStep_collidesOnTheWorkflow() {
    JavaFileObject steps =
        source(
            "test.Steps",
            """
            package test;
            import dev.durable.annotations.*;
            public interface Steps {
              @DurableStep(name = "notify") void email(String to);
            }
            """);
    JavaFileObject flow =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow
            public class Flow implements Steps {
              @WorkflowMethod public void run() { email("a"); sms("b"); }
              @Override public void email(String to) { }
              @DurableStep(name = "notify") void sms(String to) { }
            }
            """);
    assertThat(compile(steps, flow))
        .hadErrorContaining("Step name \"notify\" of Flow.sms(String) is also used by Steps.email(String)")
        .inFile(flow)
        .onLine(7)
        .atColumn(3);
  }

  @Test
  void distinctNamesAndOverridesOfOneStep_areAllowed() {
    JavaFileObject steps =
        source(
            "test.Steps",
            """
            package test;
            import dev.durable.annotations.*;
            public interface Steps {
              @DurableStep void email(String to);
            }
            """);
    JavaFileObject flow =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow
            public class Flow implements Steps {
              @WorkflowMethod public void run() { email("a"); email("a", "b"); }
              @DurableStep @Override public void email(String to) { }
              @DurableStep(name = "emailTwo") void email(String to, String cc) { }
            }
            """);
    assertThat(compile(steps, flow)).succeededWithoutWarnings();
  }

  @Test
  void suppressed_isSilent() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() { }
              @DurableStep void charge(int cents) { }
              @SuppressWarnings("DurableStepNameCollision")
              @DurableStep void charge(long cents) { }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
