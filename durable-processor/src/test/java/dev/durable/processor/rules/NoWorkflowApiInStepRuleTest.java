package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoWorkflowApiInStepRuleTest {
  @Test
  void durableNowInAStep_isRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable; import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return stamp(); }
              @DurableStep String stamp() { return "at " + Durable.now(); }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("[DurableNoWorkflowApiInStep] Durable.now() in step stamp()")
        .inFile(src)
        .onLine(5)
        .atColumn(59);
  }

  @Test
  void workflowIdInAStep_andTheApiInWorkflowCode_areAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable; import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return stamp(Durable.now().toString()); }
              @DurableStep String stamp(String at) { return Durable.workflowId() + at; }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
