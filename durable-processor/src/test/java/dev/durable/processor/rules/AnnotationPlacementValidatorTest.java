package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class AnnotationPlacementValidatorTest {
  @Test
  void annotationsOutsideWorkflowClasses_areRejected() {
    JavaFileObject src =
        source(
            "test.Helper",
            """
            package test;
            import dev.durable.annotations.*;
            public class Helper {
              @DurableStep public void save() { }
              @WorkflowMethod public void go() { }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[DurableAnnotationPlacement] @DurableStep on Helper.save() has no effect")
        .inFile(src)
        .onLine(4)
        .atColumn(3);
    assertThat(compilation)
        .hadErrorContaining("@WorkflowMethod on Helper.go() has no effect")
        .inFile(src)
        .onLine(5)
        .atColumn(3);
  }

  @Test
  void bothAnnotations_areRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @DurableStep
              @WorkflowMethod public void run() { }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("Flow.run() is both a @DurableStep and a @WorkflowMethod")
        .inFile(src)
        .onLine(5)
        .atColumn(3);
  }

  @Test
  void interfacesAndWorkflowClasses_areAllowed() {
    JavaFileObject steps =
        source(
            "test.Steps",
            """
            package test;
            import dev.durable.annotations.*;
            public interface Steps {
              @DurableStep String fetch(String id);
              @WorkflowMethod String run(String id);
            }
            """);
    JavaFileObject flow =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow implements Steps {
              @Override public String run(String id) { return fetch(id); }
              @Override public String fetch(String id) { return id; }
            }
            """);
    assertThat(compile(steps, flow)).succeededWithoutWarnings();
  }

  @Test
  void suppressed_isSilent() {
    JavaFileObject src =
        source(
            "test.Helper",
            """
            package test;
            import dev.durable.annotations.*;
            @SuppressWarnings("DurableAnnotationPlacement")
            public class Helper {
              @DurableStep public void save() { }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
