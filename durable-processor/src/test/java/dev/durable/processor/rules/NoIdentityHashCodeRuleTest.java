package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoIdentityHashCodeRuleTest {
  private static JavaFileObject flow(String... bodyLines) {
    return source(
        "test.Flow",
        """
        package test;
        import dev.durable.annotations.*;
        import java.util.*;
        @DurableWorkflow public class Flow {
          enum Region { EU, US }
          record Route(Region region, String id) {}
          record Label(String name, int n) {}
          @WorkflowMethod public int run(Region region, String id) {
        BODY
          }
        }
        """
            .replace("BODY", "    " + String.join("\n    ", bodyLines)));
  }

  @Test
  void enumHashCode_isRejectedAtTheCall() {
    JavaFileObject src = flow("return Math.floorMod(region.hashCode(), 4);");
    assertThat(compile(src))
        .hadErrorContaining(
            "[DurableNoIdentityHashCode] Enum.hashCode() in workflow method run() hashes"
                + " Flow.Region by identity")
        .inFile(src)
        .onLine(9)
        .atColumn(41);
  }

  @Test
  void objectsHashOverAnEnumAndARecordWithAnEnum_areRejected() {
    JavaFileObject src =
        flow(
            "int a = Objects.hash(region, id);",
            "int b = new Route(region, id).hashCode();",
            "return a + b;");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("Objects.hash(...)")
        .inFile(src)
        .onLine(9)
        .atColumn(25);
    assertThat(compilation)
        .hadErrorContaining("Route.hashCode()")
        .inFile(src)
        .onLine(10)
        .atColumn(43);
  }

  @Test
  void valueHashesAndHashCodeImplementations_areAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
package test;
import dev.durable.annotations.*;
import java.util.*;
@DurableWorkflow public class Flow {
  enum Region { EU, US }
  record Label(String name, int n) {}
  static final class Key {
    final Region region;
    Key(Region region) { this.region = region; }
    @Override public int hashCode() { return Objects.hash(region); }
  }
  @WorkflowMethod public int run(Region region, String id) {
    int a = Objects.hash(region.name(), id) + id.hashCode() + new Label(id, 1).hashCode();
    return a + region.ordinal() + new Key(region).hashCode();
  }
}
""");
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
