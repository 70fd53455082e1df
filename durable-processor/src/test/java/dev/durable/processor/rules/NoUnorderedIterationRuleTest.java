package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;
import static dev.durable.processor.TestSources.workflowSource;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoUnorderedIterationRuleTest {
  @Test
  void forOverSetOf_isRejectedAtTheIteratedExpression() {
    JavaFileObject src = workflowSource("for (String s : Set.of(\"a\", \"b\")) { }");
    assertThat(compile(src))
        .hadErrorContaining("[DurableNoUnorderedIteration] for (... : Set.of(\"a\", \"b\")) in workflow method run()")
        .inFile(src)
        .onLine(6)
        .atColumn(27);
  }

  @Test
  void throughVariablesFieldsViewsAndStreams_isRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*;
            import java.util.stream.*;
            @DurableWorkflow public class Flow {
              private static final Map<String, Integer> LIMITS = Map.of("a", 1, "b", 2);
              @WorkflowMethod public void run() {
                Set<String> names = Set.of("x", "y");
                names.forEach(n -> { });
                for (String key : LIMITS.keySet()) { }
                LIMITS.values().stream().map(v -> v + 1).toList();
                Set<String> copy = Stream.of("p", "q").collect(Collectors.toUnmodifiableSet());
                copy.iterator();
              }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining("names.forEach(...)").inFile(src).onLine(9).atColumn(5);
    assertThat(compilation).hadErrorContaining("for (... : LIMITS.keySet())").inFile(src).onLine(10).atColumn(36);
    assertThat(compilation).hadErrorContaining("LIMITS.values().stream(...)").inFile(src).onLine(11).atColumn(18);
    assertThat(compilation).hadErrorContaining("copy.iterator(...)").inFile(src).onLine(13).atColumn(5);
  }

  @Test
  void orderedCollectionsAndLookups_areAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "for (String s : List.of(\"a\", \"b\")) { }",
                    "Map<String, Integer> m = Map.of(\"a\", 1);",
                    "int a = m.get(\"a\");",
                    "boolean has = Set.of(\"a\").contains(\"a\");",
                    "for (String k : new TreeMap<>(m).keySet()) { }",
                    "new LinkedHashSet<>(List.of(\"x\")).forEach(x -> { });")))
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
              @SuppressWarnings("DurableNoUnorderedIteration")
              @WorkflowMethod public void run() { for (String s : java.util.Set.of("a")) { } }
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
              @WorkflowMethod public void run() { visit(); }
              void visit() { for (String s : java.util.Set.of("a")) { } }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("(run() -> visit() -> for (... : java.util.Set.of(\"a\")))")
        .inFile(src)
        .onLine(5)
        .atColumn(50);
  }

  @Test
  void orderInsensitiveEndingsAndSortedPipelines_areAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "boolean any = Set.of(1, 2).stream().anyMatch(i -> i > 1);",
                    "Set.of(\"b\", \"a\").stream().sorted().forEach(s -> System.out.println(s));",
                    "int sum = Map.of(\"a\", 1, \"b\", 2).values().stream().mapToInt(Integer::intValue).sum();",
                    "long n = Set.of(1).stream().filter(i -> i > 0).count();",
                    "int total = 0;",
                    "for (int v : Map.of(\"a\", 1).values()) { total += v; }")))
        .succeededWithoutWarnings();
  }
}
