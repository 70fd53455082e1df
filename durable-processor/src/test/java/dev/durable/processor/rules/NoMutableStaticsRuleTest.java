package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoMutableStaticsRuleTest {
  @Test
  void readAndWrite_areRejectedAtTheName() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              static int runs;
              @WorkflowMethod public int run() {
                runs++;
                return Flow.runs;
              }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoMutableStatics] Flow.runs in workflow method run()")
        .inFile(src)
        .onLine(6)
        .atColumn(5);
    assertThat(compilation).hadErrorContaining("Flow.runs").inFile(src).onLine(7).atColumn(16);
  }

  @Test
  void constantsFinalStaticsAndEnums_areAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.List;
            @DurableWorkflow public class Flow {
              enum Tier { GOLD, SILVER }
              static final int LIMIT = 3;
              static final List<String> NAMES = List.of("a");
              private int calls;
              @WorkflowMethod public String run() {
                calls++;
                return Tier.GOLD + NAMES.get(0) + LIMIT + calls + Integer.MAX_VALUE;
              }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void suppressedOnTheClass_isSilent() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @SuppressWarnings("DurableNoMutableStatics")
            @DurableWorkflow public class Flow {
              static int runs;
              @WorkflowMethod public int run() { return runs; }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void inOtherClass_isReportedThere() {
    JavaFileObject flow =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public int run() { return Registry.next(); }
            }
            """);
    JavaFileObject registry =
        source(
            "test.Registry",
            """
            package test;
            class Registry {
              private static int counter;
              static int next() { return ++counter; }
            }
            """);
    assertThat(compile(flow, registry))
        .hadErrorContaining("(run() -> Registry.next() -> Registry.counter)")
        .inFile(registry)
        .onLine(4)
        .atColumn(32);
  }

  @Test
  void staticsThatNothingAssignsLoggersAndStaticTables_areAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*;
            @DurableWorkflow public class Flow {
              public static String COMPLETION_SUCCESS = "done";
              private static int TIME_SECS = 8;
              private static System.Logger log = System.getLogger("flow");
              private static final Map<String, Integer> PRICES = new HashMap<>();
              static { PRICES.put("apple", 3); }
              @WorkflowMethod public String run() {
                log.log(System.Logger.Level.INFO, "waiting {0}s", TIME_SECS);
                return COMPLETION_SUCCESS + PRICES.get("apple");
              }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void mutatedStaticFinalMapsAndAtomics_areRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*; import java.util.concurrent.*; import java.util.concurrent.atomic.*;
            @DurableWorkflow public class Flow {
              static final Map<String, Integer> ATTEMPTS = new ConcurrentHashMap<>();
              static final AtomicInteger COUNTER = new AtomicInteger();
              @WorkflowMethod public int run(String job) {
                int attempt = ATTEMPTS.merge(job, 1, Integer::sum);
                return attempt + COUNTER.incrementAndGet();
              }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoMutableStatics] Flow.ATTEMPTS in workflow method run() is a static final collection")
        .inFile(src)
        .onLine(8)
        .atColumn(19);
    assertThat(compilation).hadErrorContaining("Flow.COUNTER").inFile(src).onLine(9).atColumn(22);
  }

  @Test
  void oneExpression_isOneFinding() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              static int counter;
              @WorkflowMethod public int run() {
                counter = counter + 1;
                return counter;
              }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("Flow.counter").inFile(src).onLine(6).atColumn(5);
    assertThat(compilation).hadErrorContaining("Flow.counter").inFile(src).onLine(7).atColumn(12);
  }
}
