package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import dev.durable.testing.RecordingListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MemoizationTest extends StoreContract {

  @DurableWorkflow
  public static class Greeter {
    private final Ledger ledger;

    public Greeter(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String greet(String name) {
      String upper = shout(name);
      return punctuate(upper);
    }

    @DurableStep
    protected String shout(String s) {
      ledger.ran("shout");
      return s.toUpperCase();
    }

    @DurableStep
    public String punctuate(String s) {
      ledger.ran("punctuate");
      return s + "!";
    }
  }

  @Test
  void completedWorkflowReturnsRecordedResultWithoutRunningAnything() {
    Ledger ledger = new Ledger();
    RecordingListener events = new RecordingListener();
    try (DurableEngine engine = builder("w").register(Greeter.class, ledger).listener(events).build()) {
      assertThat(engine.workflow(Greeter.class, "g-1").greet("ada")).isEqualTo("ADA!");
      assertThat(engine.workflow(Greeter.class, "g-1").greet("ada")).isEqualTo("ADA!");
    }
    assertThat(ledger.count("shout")).isEqualTo(1);
    assertThat(ledger.count("punctuate")).isEqualTo(1);
    assertThat(events.workflows).extracting(WorkflowEvent::kind)
        .containsExactly(WorkflowEvent.Kind.STARTED, WorkflowEvent.Kind.COMPLETED, WorkflowEvent.Kind.ALREADY_COMPLETED);
  }

  @Test
  void resultSurvivesReopeningTheDatabase() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = builder("w").register(Greeter.class, ledger).build()) {
      engine.workflow(Greeter.class, "g-2").greet("bob");
    }
    try (DurableEngine engine = builder("w").register(Greeter.class, ledger).build()) {
      assertThat(engine.workflow(Greeter.class, "g-2").greet("bob")).isEqualTo("BOB!");
      assertThat(engine.inspect("g-2")).get().extracting(WorkflowInfo::status).isEqualTo(WorkflowStatus.COMPLETED);
    }
    assertThat(ledger.total()).isEqualTo(2);
  }

  @Test
  void differentWorkflowIdsRunIndependently() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = builder("w").register(Greeter.class, ledger).build()) {
      assertThat(engine.workflow(Greeter.class, "a").greet("x")).isEqualTo("X!");
      assertThat(engine.workflow(Greeter.class, "b").greet("y")).isEqualTo("Y!");
    }
    assertThat(ledger.count("shout")).isEqualTo(2);
  }

  @Test
  void stepCalledOutsideAWorkflowIsAPlainCall() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = builder("w").register(Greeter.class, ledger).build()) {
      Greeter g = engine.workflow(Greeter.class, "plain");
      assertThat(g.shout("a")).isEqualTo("A");
      assertThat(g.shout("a")).isEqualTo("A");
      assertThat(engine.inspect("plain")).isEmpty();
    }
    assertThat(ledger.count("shout")).isEqualTo(2);
  }
}
