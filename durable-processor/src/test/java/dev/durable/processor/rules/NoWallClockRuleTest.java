package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;
import static dev.durable.processor.TestSources.workflowSource;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoWallClockRuleTest {
  @Test
  void currentTimeMillis_isRejectedAtTheCall() {
    JavaFileObject src = workflowSource("long t = System.currentTimeMillis();");
    assertThat(compile(src))
        .hadErrorContaining("[DurableNoWallClock] System.currentTimeMillis() in workflow method run()")
        .inFile(src)
        .onLine(6)
        .atColumn(38);
  }

  @Test
  void everyClockRead_isRejected() {
    JavaFileObject src =
        workflowSource(
            "long n = System.nanoTime();",
            "Instant i = Instant.now();",
            "LocalDate d = LocalDate.now(ZoneId.of(\"UTC\"));",
            "YearMonth ym = YearMonth.now();",
            "Clock c = Clock.systemDefaultZone();",
            "Date date = new Date();",
            "Calendar cal = Calendar.getInstance();",
            "GregorianCalendar g = new GregorianCalendar();",
            "java.util.function.Supplier<Instant> s = Instant::now;");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(9);
    assertThat(compilation).hadErrorContaining("System.nanoTime()").inFile(src).onLine(6).atColumn(29);
    assertThat(compilation).hadErrorContaining("Instant.now()").inFile(src).onLine(7).atColumn(28);
    assertThat(compilation).hadErrorContaining("LocalDate.now(...)").inFile(src).onLine(8).atColumn(32);
    assertThat(compilation).hadErrorContaining("YearMonth.now()").inFile(src).onLine(9).atColumn(33);
    assertThat(compilation).hadErrorContaining("Clock.systemDefaultZone()").inFile(src).onLine(10).atColumn(38);
    assertThat(compilation).hadErrorContaining("new Date()").inFile(src).onLine(11).atColumn(17);
    assertThat(compilation).hadErrorContaining("Calendar.getInstance()").inFile(src).onLine(12).atColumn(40);
    assertThat(compilation).hadErrorContaining("new GregorianCalendar()").inFile(src).onLine(13).atColumn(27);
    assertThat(compilation).hadErrorContaining("Instant::now").inFile(src).onLine(14).atColumn(46);
  }

  @Test
  void messageNamesTheFix() {
    assertThat(compile(workflowSource("Instant i = Instant.now();")))
        .hadErrorContaining("Fix: use Durable.now()");
  }

  @Test
  void recordedClockAndTimeValues_areAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "Instant now = Durable.now();",
                    "Date d = new Date(now.toEpochMilli());",
                    "LocalDate day = LocalDate.of(2024, 1, 31);",
                    "Duration later = Duration.between(now, now.plusSeconds(5));",
                    "Clock fixed = Clock.fixed(now, ZoneOffset.UTC);")))
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
              @SuppressWarnings("DurableNoWallClock")
              @WorkflowMethod public long run() { return System.currentTimeMillis(); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void otherRulesIdOnTheClass_doesNotSuppress() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @SuppressWarnings({"DurableNoRandom", "all"})
            @DurableWorkflow public class Flow {
              @WorkflowMethod public long run() { return System.currentTimeMillis(); }
            }
            """);
    assertThat(compile(src)).hadErrorContaining("[DurableNoWallClock]").inFile(src).onLine(5).atColumn(70);
  }

  @Test
  void inHelperMethod_isReportedInTheHelperWithTheChain() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.time.Clock;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() { audit(); }
              void audit() { Clock c = Clock.systemUTC(); }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining(
            "Clock.systemUTC() in code called from workflow method run() (run() -> audit() -> Clock.systemUTC())")
        .inFile(src)
        .onLine(6)
        .atColumn(43);
  }

  @Test
  void inAnotherClassOfTheCompilation_isReportedThere() {
    JavaFileObject flow =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return Stamps.stamp(); }
            }
            """);
    JavaFileObject stamps =
        source(
            "test.Stamps",
            """
            package test;
            final class Stamps {
              static String stamp() { return "at " + java.time.Instant.now(); }
            }
            """);
    assertThat(compile(flow, stamps))
        .hadErrorContaining("(run() -> Stamps.stamp() -> Instant.now())")
        .inFile(stamps)
        .onLine(3)
        .atColumn(63);
  }

  @Test
  void insideDurableAsyncLambda_isRejected() {
    JavaFileObject src = workflowSource("Durable.async(() -> Instant.now()).join();");
    assertThat(compile(src)).hadErrorContaining("Instant.now() in workflow method run()").inFile(src).onLine(6).atColumn(36);
  }

  @Test
  void inStepBody_isAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public long run() { return stamp(); }
              @DurableStep long stamp() { return System.currentTimeMillis(); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void injectedClockAndAClockReferenceInAField_areRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.time.*; import java.util.function.Supplier;
            @DurableWorkflow public class Flow {
              private final Clock clock;
              private final Supplier<Instant> now = Instant::now;
              Flow(Clock clock) { this.clock = clock; }
              @WorkflowMethod public String run() { return clock.instant() + " " + now.get(); }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("Clock.instant()").inFile(src).onLine(8).atColumn(61);
    assertThat(compilation)
        .hadErrorContaining("(run() -> field now -> Instant::now)")
        .inFile(src)
        .onLine(6)
        .atColumn(41);
  }

  @Test
  void aDurationThatOnlyReachesALogLine_isAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.time.Duration;
            @DurableWorkflow public class Flow {
              private static final System.Logger LOG = System.getLogger("flow");
              @WorkflowMethod public void run() {
                long start = System.nanoTime();
                ship();
                long elapsed = System.nanoTime() - start;
                LOG.log(System.Logger.Level.INFO, "took " + elapsed / 1_000_000 + " ms");
                System.out.println("done in " + Duration.ofNanos(System.nanoTime() - start));
              }
              @DurableStep void ship() {}
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void aDurationThatDecides_isRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() {
                long start = System.nanoTime();
                ship();
                if (System.nanoTime() - start > 1_000_000) { ship(); }
              }
              @DurableStep void ship() {}
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("System.nanoTime()").inFile(src).onLine(5).atColumn(33);
    assertThat(compilation).hadErrorContaining("System.nanoTime()").inFile(src).onLine(7).atColumn(24);
  }

  @Test
  void aChildIdBuiltFromTheClockInALocal_isRejectedAtTheClockRead() {
    JavaFileObject src =
        workflowSource(
            "String id = \"c-\" + System.currentTimeMillis();",
            "Durable.child(Flow.class, id).run();");
    assertThat(compile(src))
        .hadErrorContaining(
            "[DurableNoWallClock] System.currentTimeMillis() in workflow method run() builds the id"
                + " of a child workflow (Durable.child)")
        .inFile(src)
        .onLine(6)
        .atColumn(48);
  }

  @Test
  void anEventTargetBuiltFromTheClock_isRejectedWithTheFixForIds() {
    JavaFileObject src =
        workflowSource(
            "Durable.sendEvent(\"order-\" + Instant.now().toEpochMilli(), \"paid\", \"ok\");");
    Compilation compilation = compile(src);
    assertThat(compilation)
        .hadErrorContaining(
            "[DurableNoWallClock] Instant.now() in workflow method run() builds the id of the"
                + " workflow Durable.sendEvent sends to")
        .inFile(src)
        .onLine(6)
        .atColumn(45);
    assertThat(compilation).hadErrorContaining("Durable.now() are recorded and also fine");
  }
}
