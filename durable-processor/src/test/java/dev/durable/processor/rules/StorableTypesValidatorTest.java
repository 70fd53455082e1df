package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class StorableTypesValidatorTest {
  @Test
  void resourcesFunctionsAndObject_areRejected() {
    JavaFileObject src =
        source(
            "test.Steps",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*;
            public interface Steps {
              @DurableStep java.util.stream.Stream<String> lines();
              @DurableStep void upload(java.io.InputStream data);
              @DurableStep void each(java.util.function.Consumer<String> action);
              @DurableStep void later(Runnable task);
              @DurableStep Object anything();
              @DurableStep void cursors(List<Iterator<String>> batches);
              @DurableStep void persist(java.sql.Connection connection);
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(7);
    assertThat(compilation)
        .hadErrorContaining("[DurableStorableTypes] The result of step lines() has type Stream<String>, which is a lazy")
        .inFile(src)
        .onLine(5)
        .atColumn(3);
    assertThat(compilation)
        .hadErrorContaining("Parameter data of step upload(InputStream) has type InputStream, which is an open resource")
        .inFile(src)
        .onLine(6)
        .atColumn(48);
    assertThat(compilation).hadErrorContaining("is a function").inFile(src).onLine(7).atColumn(62);
    assertThat(compilation).hadErrorContaining("has type Runnable, which is a function").inFile(src).onLine(8).atColumn(36);
    assertThat(compilation).hadErrorContaining("has type Object").inFile(src).onLine(9).atColumn(3);
    assertThat(compilation).hadErrorContaining("single-use cursor").inFile(src).onLine(10).atColumn(52);
    assertThat(compilation).hadErrorContaining("open connection").inFile(src).onLine(11).atColumn(49);
  }

  @Test
  void workflowMethodArguments_areCheckedToo() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run(Thread worker) { }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("Parameter worker of workflow method run(Thread) has type Thread")
        .inFile(src)
        .onLine(4)
        .atColumn(42);
  }

  @Test
  void plainData_isAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.time.Instant;
            import java.util.*;
            @DurableWorkflow public class Flow {
              public record Order(String id, List<String> items, Instant at) { }
              enum Status { OPEN, DONE }
              @WorkflowMethod public Status run(Order order, int[] counts) { return save(order, Map.of()); }
              @DurableStep Status save(Order order, Map<String, Object> extra) { return Status.DONE; }
              @DurableStep Optional<byte[]> blob(UUID id) { return Optional.empty(); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void suppressed_isSilent() {
    JavaFileObject src =
        source(
            "test.Steps",
            """
            package test;
            import dev.durable.annotations.*;
            public interface Steps {
              @SuppressWarnings("DurableStorableTypes")
              @DurableStep Object anything();
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
