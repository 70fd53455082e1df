package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoHashOrderIterationRuleTest {
  private static JavaFileObject flow(String keyType, String iteration) {
    return source(
        "test.Flow",
        """
        package test;
        import dev.durable.annotations.*;
        import java.util.*;
        @DurableWorkflow public class Flow {
          enum Color { RED, GREEN }
          record Point(int x, int y) {}
          static final class Handle {}
          @WorkflowMethod public void run() {
            Map<KEY, String> byKey = new HashMap<>();
            ITERATION
          }
        }
        """
            .replace("KEY", keyType)
            .replace("ITERATION", iteration));
  }

  @Test
  void hashMapWithEnumKeys_isAWarningAtTheIteratedExpression() {
    JavaFileObject src = flow("Color", "for (Color c : byKey.keySet()) { }");
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("[DurableNoHashOrderIteration] for (... : byKey.keySet()) in workflow method run()")
        .inFile(src)
        .onLine(10)
        .atColumn(32);
  }

  @Test
  void hashMapWithIdentityHashedKeys_isAWarning() {
    JavaFileObject src = flow("Handle", "byKey.forEach((k, v) -> { });");
    assertThat(compile(src))
        .hadWarningContaining("byKey.forEach(...)")
        .inFile(src)
        .onLine(10)
        .atColumn(5);
  }

  @Test
  void stableKeys_areAllowed() {
    assertThat(compile(flow("String", "for (String k : byKey.keySet()) { }"))).succeededWithoutWarnings();
    assertThat(compile(flow("Point", "byKey.values().forEach(v -> { });"))).succeededWithoutWarnings();
    assertThat(compile(flow("Integer", "byKey.entrySet().stream().count();"))).succeededWithoutWarnings();
  }

  @Test
  void orderedMapsWithEnumKeys_areAllowed() {
    assertThat(
            compile(
                flow(
                    "Color",
                    "new EnumMap<Color, String>(Color.class).forEach((k, v) -> { });"
                        + " new LinkedHashMap<>(byKey).keySet().forEach(k -> { });")))
        .succeededWithoutWarnings();
  }

  @Test
  void suppressedOnTheClass_isSilent() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*;
            @SuppressWarnings("DurableNoHashOrderIteration")
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() { for (Object o : new HashSet<Object>()) { } }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
