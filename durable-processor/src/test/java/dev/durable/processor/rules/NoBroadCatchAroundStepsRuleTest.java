package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoBroadCatchAroundStepsRuleTest {
  private static JavaFileObject flow(String body) {
    return source(
        "test.Flow",
        """
        package test;
        import dev.durable.DurableException; import dev.durable.annotations.*;
        @DurableWorkflow public class Flow {
          @WorkflowMethod public String run() {
        BODY
          }
          void viaHelper() { charge(); }
          @DurableStep void charge() {}
        }
        """
            .replace("BODY", body));
  }

  @Test
  void catchExceptionAroundAStep_isAWarningWithTheReason() {
    JavaFileObject src =
        flow(
            "    try { charge(); } catch (Exception e) { return \"failed\"; }\n    return \"ok\";");
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining(
            "[DurableNoBroadCatchAroundSteps] catch (Exception) in workflow method run()")
        .inFile(src)
        .onLine(5)
        .atColumn(30);
    assertThat(compilation).hadWarningContaining("must not rely on continuing");
  }

  @Test
  void catchRuntimeExceptionAroundAHelperThatRunsASteps_isAWarning() {
    JavaFileObject src =
        flow(
            "    try { viaHelper(); } catch (RuntimeException e) { return \"failed\"; }\n"
                + "    return \"ok\";");
    assertThat(compile(src)).hadWarningContaining("catch (RuntimeException)").inFile(src).onLine(5);
  }

  @Test
  void rethrowsOrNoSteps_areAllowed() {
    assertThat(
            compile(
                flow(
                    """
try { charge(); } catch (Exception e) { throw new IllegalStateException(e); }
try { charge(); } catch (DurableException e) { throw e; } catch (Exception e) { return "x"; }
try { Integer.parseInt("1"); } catch (Exception e) { return "bad"; }
return "ok";""")))
        .succeededWithoutWarnings();
  }
}
