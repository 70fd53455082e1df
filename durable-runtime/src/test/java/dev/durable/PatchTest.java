package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changing workflow code under runs in flight: {@code Durable.patched} lets a run recorded before
 * the change finish on the old path while new runs take the new one, and {@code deprecatePatch}
 * retires the old path while runs with the marker remain.
 */
class PatchTest extends StoreContract {

  /** What step bodies ran, in order, as "workflow step". */
  static final List<String> RAN = new CopyOnWriteArrayList<>();

  /** The code as deployed: 1 before the change, 2 with the patch, 3 changed without a patch, 4 the patch deprecated. */
  @DurableWorkflow(name = "order")
  public static class Order {
    private final int version;

    public Order(int version) {
      this.version = version;
    }

    @WorkflowMethod
    public String place(String item) {
      String reserved = reserve(item);
      if (version == 2 && Durable.patched("fraud-check")) {
        fraudCheck(item);
      } else if (version == 3) {
        fraudCheck(item);
      } else if (version == 4) {
        Durable.deprecatePatch("fraud-check");
        fraudCheck(item);
      }
      String paid = Durable.awaitEvent("paid", String.class);
      String confirmed = Durable.awaitEvent("confirmed", String.class);
      return ship(reserved + "/" + paid + "/" + confirmed);
    }

    @DurableStep
    public String reserve(String item) {
      RAN.add(Durable.workflowId() + " reserve");
      return item;
    }

    @DurableStep
    public void fraudCheck(String item) {
      RAN.add(Durable.workflowId() + " fraudCheck");
    }

    @DurableStep
    public String ship(String what) {
      RAN.add(Durable.workflowId() + " ship");
      return "shipped " + what;
    }
  }

  @BeforeEach
  void clear() {
    RAN.clear();
  }

  private DurableEngine engine(int version) {
    return builder("orders").register(Order.class, version)
        .pollInterval(Duration.ofMillis(50)).build();
  }

  /** Runs {@code id} on code {@code version} until it has taken its "paid" event and waits for "confirmed". */
  private void startAndPay(int version, String id) {
    try (DurableEngine engine = engine(version)) {
      WorkflowHandle<String> run = engine.start(Order.class, id, w -> w.place("book"));
      engine.sendEvent(id, "paid", "card");
      EventsAndChildrenTest.awaitCondition(() -> engine.inspect(id).orElseThrow().events().stream()
          .allMatch(EventInfo::consumed) && run.status() == WorkflowStatus.WAITING, id + " waiting for confirmed");
    }
  }

  private String confirm(DurableEngine engine, String id) {
    engine.sendEvent(id, "confirmed", "ok");
    return engine.handle(id, String.class).result(Duration.ofSeconds(10));
  }

  @Test
  void aRunRecordedBeforeThePatch_finishesOnTheOldPath_whileANewRunTakesTheNewOne() {
    startAndPay(1, "old");
    try (DurableEngine engine = engine(2)) {
      assertThat(confirm(engine, "old")).isEqualTo("shipped book/card/ok");
      engine.start(Order.class, "new", w -> w.place("book"));
      engine.sendEvent("new", "paid", "cash");
      assertThat(confirm(engine, "new")).isEqualTo("shipped book/cash/ok");
      assertThat(engine.inspect("new").orElseThrow().steps()).extracting(StepInfo::stepName)
          .containsSubsequence("reserve", "Durable.patched(fraud-check)", "fraudCheck", "Durable.awaitEvent(paid)");
    }
    assertThat(RAN).containsExactly("old reserve", "old ship", "new reserve", "new fraudCheck", "new ship");
  }

  @Test
  void withoutThePatch_theRunRecordedBeforeTheChange_cannotReplay() {
    startAndPay(1, "old");
    try (DurableEngine engine = engine(3)) {
      engine.sendEvent("old", "confirmed", "ok");
      assertThatThrownBy(() -> engine.workflow(Order.class, "old").place("book"))
          .isInstanceOf(NonDeterministicWorkflowException.class);
    }
    assertThat(RAN).containsExactly("old reserve");
  }

  @Test
  void aRunThatHadNotReachedThePatchedPoint_takesTheNewPath() {
    try (DurableEngine engine = engine(1)) {
      engine.start(Order.class, "early", w -> w.place("book"));
      EventsAndChildrenTest.awaitCondition(() -> engine.inspect("early").orElseThrow().status()
          == WorkflowStatus.WAITING, "early waiting for paid");
    }
    // Its history holds only 'reserve': the patched point comes after it, so the new path is taken.
    try (DurableEngine engine = engine(2)) {
      engine.sendEvent("early", "paid", "card");
      assertThat(confirm(engine, "early")).isEqualTo("shipped book/card/ok");
    }
    assertThat(RAN).containsExactly("early reserve", "early fraudCheck", "early ship");
  }

  @Test
  void deprecatePatch_replaysRunsThatRecordedTheMarker_andRecordsNoneForNewRuns() {
    startAndPay(2, "patched");
    try (DurableEngine engine = engine(4)) {
      assertThat(confirm(engine, "patched")).isEqualTo("shipped book/card/ok");
      engine.start(Order.class, "later", w -> w.place("book"));
      engine.sendEvent("later", "paid", "card");
      assertThat(confirm(engine, "later")).isEqualTo("shipped book/card/ok");
      assertThat(engine.inspect("later").orElseThrow().steps()).extracting(StepInfo::stepName)
          .doesNotContain("Durable.patched(fraud-check)").contains("fraudCheck");
    }
    assertThat(RAN).containsExactly("patched reserve", "patched fraudCheck", "patched ship", "later reserve",
        "later fraudCheck", "later ship");
  }

  @Test
  void patchedOutsideWorkflowCode_isRefused() {
    try (DurableEngine engine = engine(1)) {
      assertThatThrownBy(() -> Durable.patched("x")).isInstanceOf(NotInWorkflowException.class);
    }
  }
}
