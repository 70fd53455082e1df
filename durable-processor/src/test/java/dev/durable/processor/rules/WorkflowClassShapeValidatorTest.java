package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class WorkflowClassShapeValidatorTest {
  @Test
  void finalClass_isRejectedAtTheAnnotation() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow
            public final class Flow {
              @WorkflowMethod public void run() { }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("[DurableWorkflowClassShape] Workflow class Flow is final")
        .inFile(src)
        .onLine(3)
        .atColumn(1);
  }

  @Test
  void innerPrivateAndPrivateConstructor_areRejected() {
    JavaFileObject src =
        source(
            "test.Outer",
            """
            package test;
            import dev.durable.annotations.*;
            public class Outer {
              @DurableWorkflow class Inner {
                @WorkflowMethod public void run() { }
              }
              @DurableWorkflow private static class Hidden {
                @WorkflowMethod public void run() { }
              }
              @DurableWorkflow static class Locked {
                private Locked() { }
                @WorkflowMethod public void run() { }
              }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining("Inner is an inner class").inFile(src).onLine(4).atColumn(3);
    assertThat(compilation).hadErrorContaining("Hidden is private").inFile(src).onLine(7).atColumn(3);
    assertThat(compilation)
        .hadErrorContaining("Locked has only private constructors")
        .inFile(src)
        .onLine(10)
        .atColumn(3);
  }

  @Test
  void recordAndInterface_areRejected() {
    JavaFileObject src =
        source(
            "test.Shapes",
            """
            package test;
            import dev.durable.annotations.*;
            public class Shapes {
              @DurableWorkflow record AsRecord(String a) { }
              @DurableWorkflow interface AsInterface { }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorContaining("AsRecord is a record").inFile(src).onLine(4).atColumn(3);
    assertThat(compilation).hadErrorContaining("AsInterface is an interface").inFile(src).onLine(5).atColumn(3);
  }

  @Test
  void proxiableClasses_areAllowed() {
    JavaFileObject src =
        source(
            "test.Outer",
            """
            package test;
            import dev.durable.annotations.*;
            public class Outer {
              @DurableWorkflow public static class Nested {
                Nested(String service) { }
                private Nested() { }
                @WorkflowMethod public void run() { }
              }
              @DurableWorkflow protected abstract static class Base {
                @WorkflowMethod public void run() { }
              }
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
            @SuppressWarnings("DurableWorkflowClassShape")
            @DurableWorkflow public final class Flow {
              @WorkflowMethod public void run() { }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
