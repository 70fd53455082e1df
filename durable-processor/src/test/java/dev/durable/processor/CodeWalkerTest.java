package dev.durable.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** How workflow code is found: call chains, suppression along them, cycles and duplicates. */
class CodeWalkerTest {
  @Test
  void suppressionOnTheCaller_coversWhatItCalls() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @SuppressWarnings("DurableNoWallClock")
              @WorkflowMethod public long run() { return stamp(); }
              long stamp() { return System.currentTimeMillis(); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void helperReachedFromSuppressedAndUnsuppressedCallers_isReportedOnce() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public long run() { return quiet() + stamp(); }
              @SuppressWarnings("DurableNoWallClock") long quiet() { return stamp(); }
              long stamp() { return System.currentTimeMillis(); }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("(run() -> stamp() -> System.currentTimeMillis())")
        .inFile(src)
        .onLine(6)
        .atColumn(49);
  }

  @Test
  void recursionAndSharedHelpers_terminateAndReportOnce() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public double run() { return a(3) + b(); }
              @WorkflowMethod public double again() { return b(); }
              double a(int n) { return n == 0 ? b() : a(n - 1); }
              double b() { return Math.random(); }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("(run() -> b() -> Math.random())").inFile(src).onLine(7);
  }

  @Test
  void constructorsOfOtherClasses_areWorkflowCode() {
    JavaFileObject flow =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return new Ticket().id; }
            }
            """);
    JavaFileObject ticket =
        source(
            "test.Ticket",
            """
            package test;
            class Ticket {
              final String id = java.util.UUID.randomUUID().toString();
              Ticket() { }
            }
            """);
    // Field initializers run in the constructor, so they are workflow code too (issue 21).
    assertThat(compile(flow, ticket))
        .hadErrorContaining("(run() -> field Ticket.id -> UUID.randomUUID())")
        .inFile(ticket)
        .onLine(3)
        .atColumn(46);
  }

  @Test
  void stepBodies_areNotWorkflowCode() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return fetch(); }
              @DurableStep String fetch() { return helper(); }
              String helper() { return System.getenv("HOME") + Math.random() + java.time.Instant.now(); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
