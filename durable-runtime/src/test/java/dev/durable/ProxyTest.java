package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyTest {
  @TempDir Path dir;

  interface Steps {
    @DurableStep(name = "fetch-user")
    String fetch(String id);
  }

  @DurableWorkflow
  static class PackagePrivate implements Steps {
    final Ledger ledger;

    PackagePrivate(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    String run(String id) {
      return hidden(fetch(id));
    }

    @Override
    public String fetch(String id) {
      ledger.ran("fetch");
      return "user " + id;
    }

    @DurableStep
    String hidden(String s) {
      ledger.ran("hidden");
      return s + " (hidden)";
    }
  }

  @DurableWorkflow
  public static class FinalStep {
    @WorkflowMethod
    public String run() {
      return step();
    }

    @DurableStep
    public final String step() {
      return "x";
    }
  }

  @DurableWorkflow
  public static final class FinalClass {
    @WorkflowMethod
    public String run() {
      return "x";
    }
  }

  @DurableWorkflow
  public static class Collision {
    @WorkflowMethod
    public String run() {
      return a() + b();
    }

    @DurableStep(name = "same")
    public String a() {
      return "a";
    }

    @DurableStep(name = "same")
    public String b() {
      return "b";
    }
  }

  @DurableWorkflow
  public static class NeedsDependency {
    private final Ledger ledger;

    public NeedsDependency(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public int run() {
      return ledger.total();
    }
  }

  @Test
  void packagePrivateStepsInterfaceStepsAndSelfCallsAreIntercepted() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("p.db")).register(PackagePrivate.class, ledger).build()) {
      assertThat(engine.workflow(PackagePrivate.class, "p").run("7")).isEqualTo("user 7 (hidden)");
      assertThat(engine.inspect("p").orElseThrow().steps()).extracting(StepInfo::stepName).containsExactly("fetch-user", "hidden");
      Testing.markRunning(dir.resolve("p.db"), "p");
      assertThat(engine.workflow(PackagePrivate.class, "p").run("7")).isEqualTo("user 7 (hidden)");
    }
    assertThat(ledger.total()).isEqualTo(2);
  }

  @Test
  void theProxyClassIsGeneratedOncePerEngine() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("c.db")).register(PackagePrivate.class, ledger).build()) {
      Object a = engine.workflow(PackagePrivate.class, "a");
      Object b = engine.workflow(PackagePrivate.class, "b");
      assertThat(a).isNotSameAs(b);
      assertThat(a.getClass()).isSameAs(b.getClass());
      assertThat(a.getClass().getName()).contains("$DurableProxy$");
      assertThat(a.getClass().getPackageName()).isEqualTo(PackagePrivate.class.getPackageName());
    }
  }

  @Test
  void shapesTheProxyCannotInterceptAreRejectedWithTheFix() {
    try (DurableEngine engine = DurableEngine.open(dir.resolve("s.db"))) {
      assertThatThrownBy(() -> engine.workflow(FinalStep.class, "f"))
          .isInstanceOf(WorkflowDefinitionException.class)
          .hasMessageContaining("step() is final").hasMessageContaining("Fix:");
      assertThatThrownBy(() -> engine.workflow(FinalClass.class, "f"))
          .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("the class is final");
      assertThatThrownBy(() -> engine.workflow(Collision.class, "f"))
          .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("step name 'same' is used by both");
      assertThatThrownBy(() -> engine.workflow(NeedsDependency.class, "f"))
          .isInstanceOf(WorkflowDefinitionException.class)
          .hasMessageContaining("no non-private constructor that accepts no arguments")
          .hasMessageContaining("register(NeedsDependency.class, dependencies...)");
    }
  }

  @Test
  void invalidWorkflowIdsAreRejectedAndOddValidOnesWork() {
    try (DurableEngine engine = DurableEngine.open(dir.resolve("ids.db"))) {
      assertThatThrownBy(() -> engine.workflow(DurableHelpersTest.Stamps.class, null)).hasMessageContaining("null");
      assertThatThrownBy(() -> engine.workflow(DurableHelpersTest.Stamps.class, " ")).hasMessageContaining("blank");
      assertThatThrownBy(() -> engine.workflow(DurableHelpersTest.Stamps.class, "x".repeat(513))).hasMessageContaining("at most 512");
      assertThatThrownBy(() -> engine.workflow(DurableHelpersTest.Stamps.class, "a\nb")).hasMessageContaining("U+000A");
      for (String id : new String[] {"'; DROP TABLE durable_steps; --", "$(rm -rf /) `id` | & ;", "Zoë-日本-🚀", "x".repeat(512)}) {
        assertThat(engine.workflow(DurableHelpersTest.Stamps.class, id).run().workflowId()).isEqualTo(id);
        assertThat(engine.inspect(id)).isPresent();
      }
    }
  }
}
