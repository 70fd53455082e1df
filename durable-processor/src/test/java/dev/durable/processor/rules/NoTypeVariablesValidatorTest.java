package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoTypeVariablesValidatorTest {
  @Test
  void genericStepsWorkflowMethodsAndClasses_areRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.List;
            @DurableWorkflow
            public class Flow<T> {
              @WorkflowMethod public void run(List<T> items) { }
              @DurableStep <R> R convert(String raw) { return null; }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoTypeVariables] Workflow class Flow declares type parameters")
        .inFile(src)
        .onLine(4)
        .atColumn(1);
    assertThat(compilation)
        .hadErrorContaining("Workflow method run(List<T>) mentions the type variable T")
        .inFile(src)
        .onLine(6)
        .atColumn(3);
    assertThat(compilation)
        .hadErrorContaining("Step convert(String) mentions the type variable R")
        .inFile(src)
        .onLine(7)
        .atColumn(3);
  }

  @Test
  void concreteGenericTypes_areAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public Map<String, List<Integer>> run(List<String> names) { return load(names); }
              @DurableStep Map<String, List<Integer>> load(List<String> names) { return Map.of(); }
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
              @SuppressWarnings("DurableNoTypeVariables")
              @DurableStep <R extends CharSequence> R convert(R raw) { return raw; }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
