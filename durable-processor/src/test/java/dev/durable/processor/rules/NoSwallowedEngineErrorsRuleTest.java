package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;
import static dev.durable.processor.TestSources.workflowSource;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoSwallowedEngineErrorsRuleTest {
  @Test
  void catchThrowable_isRejectedAtTheCaughtType() {
    JavaFileObject src = workflowSource("try { Durable.now(); } catch (Throwable t) { }");
    assertThat(compile(src))
        .hadErrorContaining("[DurableNoSwallowedEngineErrors] catch (Throwable) in workflow method run()")
        .inFile(src)
        .onLine(6)
        .atColumn(35);
  }

  @Test
  void catchErrorDurableExceptionAndMultiCatch_areRejected() {
    JavaFileObject src =
        workflowSource(
            "try { Durable.now(); } catch (Error e) { System.out.println(e); }",
            "try { Durable.now(); } catch (dev.durable.DurableException e) { }",
            "try { Durable.now(); } catch (IllegalStateException | Error e) { }");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining("catch (Error)").inFile(src).onLine(6).atColumn(35);
    assertThat(compilation).hadErrorContaining("catch (DurableException)").inFile(src).onLine(7).atColumn(46);
    assertThat(compilation).hadErrorContaining("catch (Error)").inFile(src).onLine(8).atColumn(59);
  }

  @Test
  void rethrowingOrNarrowCatches_areAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "try { Durable.now(); } catch (Throwable t) { throw t; }",
                    "try { Durable.now(); } catch (Error e) { throw new IllegalStateException(\"wrapped\", e); }",
                    "try { Durable.now(); } catch (dev.durable.DurableException e) {",
                    "  if (e instanceof dev.durable.StepFailedException failed) { throw failed; }",
                    "}",
                    "try { Durable.now(); } catch (dev.durable.StepFailedException e) { }",
                    "try { Durable.now(); } catch (IllegalArgumentException e) { }")))
        .succeededWithoutWarnings();
  }

  @Test
  void suppressedOnTheMethod_isSilent() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @SuppressWarnings("DurableNoSwallowedEngineErrors")
              @WorkflowMethod public void run() { try { run(); } catch (Throwable t) { } }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void inHelper_showsTheChain() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() { guarded(); }
              void guarded() { try { step(); } catch (Error e) { } }
              @DurableStep void step() { }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("(run() -> guarded() -> catch (Error))")
        .inFile(src)
        .onLine(5)
        .atColumn(43);
  }

  @Test
  void swallowedBranchErrors_areRejected() {
    JavaFileObject src =
        workflowSource(
            "CompletableFuture<String> f = Durable.async(() -> \"x\");",
            "try { f.join(); } catch (CompletionException e) { }",
            "try { f.get(); } catch (InterruptedException | ExecutionException e) { }");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoSwallowedEngineErrors] catch (CompletionException) in workflow method run()")
        .inFile(src)
        .onLine(7)
        .atColumn(30);
    assertThat(compilation).hadErrorContaining("catch (ExecutionException)").inFile(src).onLine(8).atColumn(52);
    assertThat(compilation).hadErrorContaining("handle only your own exception and rethrow the rest");
  }

  @Test
  void unwrappingOwnExceptionsAndRethrowingTheRest_isAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "CompletableFuture<String> f = Durable.async(() -> \"x\");",
                    "try { f.join(); } catch (CompletionException e) {",
                    "  if (!(e.getCause() instanceof IllegalStateException)) { throw e; }",
                    "}")))
        .succeededWithoutWarnings();
  }
}
