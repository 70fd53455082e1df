package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class StepMethodShapeValidatorTest {
  @Test
  void privateStaticAndFinalSteps_areRejectedAtTheAnnotation() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() { }
              @DurableStep private String a() { return "a"; }
              @DurableStep static String b() { return "b"; }
              @DurableStep public final String c() { return "c"; }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("[DurableStepMethodShape] Step a() is private")
        .inFile(src)
        .onLine(5)
        .atColumn(3);
    assertThat(compilation).hadErrorContaining("Step b() is static").inFile(src).onLine(6).atColumn(3);
    assertThat(compilation)
        .hadErrorContaining("Step c() is final, so the runtime's subclass proxy cannot intercept it")
        .inFile(src)
        .onLine(7)
        .atColumn(3);
  }

  @Test
  void overridableSteps_areAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return a() + b() + c(); }
              @DurableStep String a() { return "a"; }
              @DurableStep protected String b() { return "b"; }
              @DurableStep public String c() { return "c"; }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
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
              @SuppressWarnings("DurableStepMethodShape")
              @DurableStep final void a() { }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
