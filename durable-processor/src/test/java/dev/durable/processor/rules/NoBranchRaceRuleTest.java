package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.workflowSource;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoBranchRaceRuleTest {
  @Test
  void anyOfAndEither_areRejected() {
    JavaFileObject src =
        workflowSource(
            "CompletableFuture<String> a = Durable.async(() -> \"a\");",
            "CompletableFuture<String> b = Durable.async(() -> \"b\");",
            "Object first = CompletableFuture.anyOf(a, b).join();",
            "String either = a.applyToEither(b, s -> s).join();");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[DurableNoBranchRace] CompletableFuture.anyOf(...) in workflow method run()")
        .inFile(src)
        .onLine(8)
        .atColumn(43);
    assertThat(compilation)
        .hadErrorContaining("CompletableFuture.applyToEither(...)")
        .inFile(src)
        .onLine(9)
        .atColumn(36);
    assertThat(compilation).hadErrorContaining("Fix: join every branch");
  }

  @Test
  void allOf_isAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "CompletableFuture<String> a = Durable.async(() -> \"a\");",
                    "CompletableFuture<String> b = Durable.async(() -> \"b\");",
                    "CompletableFuture.allOf(a, b).join();",
                    "String both = a.join() + b.join();")))
        .succeededWithoutWarnings();
  }
}
