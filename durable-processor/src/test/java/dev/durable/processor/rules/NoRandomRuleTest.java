package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;
import static dev.durable.processor.TestSources.workflowSource;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoRandomRuleTest {
  @Test
  void randomUuid_pointsToDurableRandomUuid() {
    JavaFileObject src = workflowSource("UUID id = UUID.randomUUID();");
    assertThat(compile(src))
        .hadErrorContaining("[DurableNoRandom] UUID.randomUUID() in workflow method run()")
        .inFile(src)
        .onLine(6)
        .atColumn(30);
    assertThat(compile(src)).hadErrorContaining("Fix: use Durable.randomUUID()");
  }

  @Test
  void everyUnrecordedSource_isRejected() {
    JavaFileObject src =
        workflowSource(
            "double a = Math.random();",
            "double b = StrictMath.random();",
            "Random r = new Random();",
            "SplittableRandom s = new SplittableRandom();",
            "java.security.SecureRandom sr = new java.security.SecureRandom(new byte[] {1});",
            "ThreadLocalRandom t = ThreadLocalRandom.current();",
            "Collections.shuffle(new ArrayList<String>());");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(7);
    assertThat(compilation).hadErrorContaining("Math.random()").inFile(src).onLine(6).atColumn(27);
    assertThat(compilation).hadErrorContaining("StrictMath.random()").inFile(src).onLine(7).atColumn(33);
    assertThat(compilation).hadErrorContaining("new Random()").inFile(src).onLine(8).atColumn(16);
    assertThat(compilation).hadErrorContaining("new SplittableRandom()").inFile(src).onLine(9).atColumn(26);
    assertThat(compilation).hadErrorContaining("new SecureRandom(...)").inFile(src).onLine(10).atColumn(37);
    assertThat(compilation).hadErrorContaining("ThreadLocalRandom.current()").inFile(src).onLine(11).atColumn(52);
    assertThat(compilation).hadErrorContaining("Collections.shuffle(...)").inFile(src).onLine(12).atColumn(24);
  }

  @Test
  void seededAndRecordedRandomness_isAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "UUID id = Durable.randomUUID();",
                    "Random r = new Random(id.getMostSignificantBits());",
                    "SplittableRandom s = new SplittableRandom(42L);",
                    "List<String> l = new ArrayList<>(List.of(\"a\", \"b\"));",
                    "Collections.shuffle(l, r);",
                    "UUID named = UUID.nameUUIDFromBytes(new byte[] {1});")))
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
            @SuppressWarnings("DurableNoRandom")
            @DurableWorkflow public class Flow {
              @WorkflowMethod public double run() { return Math.random(); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void inHelperMethod_showsTheChain() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return newId(); }
              private String newId() { return java.util.UUID.randomUUID().toString(); }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("(run() -> newId() -> UUID.randomUUID())")
        .inFile(src)
        .onLine(5)
        .atColumn(60);
  }

  @Test
  void throughMethodReferenceToHelper_isFollowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public double run() { return Durable.async(this::roll).join(); }
              Double roll() { return Math.random(); }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("(run() -> roll() -> Math.random())")
        .inFile(src)
        .onLine(6)
        .atColumn(37);
  }

  @Test
  void aRandomInAFieldAndAThreadLocalRandomChain_areOneFindingEach() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*; import java.util.concurrent.ThreadLocalRandom;
            @DurableWorkflow public class Flow {
              private final Random random = new Random();
              @WorkflowMethod public long run() {
                int a = random.nextInt(10);
                return a + ThreadLocalRandom.current().nextLong();
              }
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("new Random() in code called from workflow method run() (run() -> field random -> new Random())")
        .inFile(src)
        .onLine(5)
        .atColumn(33);
    assertThat(compilation)
        .hadErrorContaining("ThreadLocalRandom.current()")
        .inFile(src)
        .onLine(8)
        .atColumn(41);
  }

  @Test
  void aUuidThatOnlyReachesALogLine_isAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "String correlation = UUID.randomUUID().toString();",
                    "System.out.println(\"starting \" + correlation);")))
        .succeededWithoutWarnings();
  }

  @Test
  void aRandomChildId_isRejectedWithTheFixForIds() {
    JavaFileObject src =
        workflowSource("Durable.child(Flow.class, \"c-\" + UUID.randomUUID()).run();");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[DurableNoRandom] UUID.randomUUID() in workflow method run() builds the id of a child"
                + " workflow (Durable.child)")
        .inFile(src)
        .onLine(6)
        .atColumn(53);
    assertThat(compilation)
        .hadErrorContaining("Fix: derive the id from Durable.workflowId()")
        .inFile(src)
        .onLine(6);
  }

  @Test
  void aDrawFromNewRandomInASendTarget_isRejectedWithTheFixForIds() {
    JavaFileObject src =
        workflowSource("Durable.sendEvent(\"shard-\" + new Random().nextInt(4), \"go\", \"x\");");
    assertThat(compile(src))
        .hadErrorContaining(
            "[DurableNoRandom] new Random() in workflow method run() builds the id of the workflow"
                + " Durable.sendEvent sends to")
        .inFile(src)
        .onLine(6)
        .atColumn(34);
  }

  @Test
  void aRandomPayload_isNotAnId() {
    JavaFileObject src = workflowSource("Durable.sendEvent(\"billing\", \"paid\", UUID.randomUUID());");
    Compilation compilation = compile(src);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoRandom] UUID.randomUUID() in workflow method run() returns")
        .inFile(src)
        .onLine(6)
        .atColumn(57);
    assertThat(compilation).hadErrorContaining("Fix: use Durable.randomUUID()");
  }

  @Test
  void idsFromTheWorkflowIdAndRecordedValues_areAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "String base = Durable.workflowId() + \"-\" + Durable.randomUUID();",
                    "Durable.child(Flow.class, base + \"-child\").run();",
                    "Durable.sendEvent(Durable.workflowId() + \"-\" + Durable.now(), \"go\", base);")))
        .succeededWithoutWarnings();
  }
}
