package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fork}: the way out for a run stranded by a code change. The fork replays the source's
 * history before the chosen position and runs the current code from there; the source is kept.
 */
class ForkTest extends StoreContract {
  static final List<String> RAN = new CopyOnWriteArrayList<>();

  /** Version 1 charges without a fraud check and fails to ship; version 2 checks before it charges. */
  @DurableWorkflow(name = "shipment")
  public static class Shipment {
    private final int version;

    public Shipment(int version) {
      this.version = version;
    }

    @WorkflowMethod
    public String send(String order) {
      String packed = pack(order);
      if (version == 2) {
        fraudCheck(order);
      }
      String paid = charge(order);
      return ship(packed + "/" + paid);
    }

    @DurableStep
    public String pack(String order) {
      RAN.add(Durable.workflowId() + " pack");
      return "packed " + order;
    }

    @DurableStep
    public void fraudCheck(String order) {
      RAN.add(Durable.workflowId() + " fraudCheck");
    }

    @DurableStep
    public String charge(String order) {
      RAN.add(Durable.workflowId() + " charge");
      return "paid " + order;
    }

    @DurableStep
    public String ship(String what) {
      RAN.add(Durable.workflowId() + " ship");
      if (version == 1) {
        throw new IllegalStateException("the carrier refused the parcel");
      }
      return "shipped " + what;
    }
  }

  @BeforeEach
  void clear() {
    RAN.clear();
  }

  private DurableEngine engine(int version) {
    return builder("shipments").register(Shipment.class, version).pollInterval(Duration.ofMillis(50)).build();
  }

  @Test
  void aForkReplaysTheHistoryBeforeItsPosition_andRunsTheCurrentCodeFromThere_keepingTheSource() {
    try (DurableEngine v1 = engine(1)) {
      assertThatThrownBy(() -> v1.workflow(Shipment.class, "s-1").send("o-1")).isInstanceOf(IllegalStateException.class);
    }
    RAN.clear();
    try (DurableEngine v2 = engine(2)) {
      // Version 2 would not replay s-1 (a fraud check now comes at position 2, where s-1 charged).
      WorkflowHandle<Object> fork = v2.fork("s-1", "s-1-fixed", 2);

      assertThat(fork.result(Duration.ofSeconds(10))).isEqualTo("shipped packed o-1/paid o-1");
      assertThat(RAN).containsExactly("s-1-fixed fraudCheck", "s-1-fixed charge", "s-1-fixed ship");
      assertThat(v2.inspect("s-1-fixed").orElseThrow().steps()).extracting(StepInfo::stepName)
          .containsExactly("pack", "fraudCheck", "charge", "ship");
      WorkflowInfo source = v2.inspect("s-1").orElseThrow();
      assertThat(source.status()).isEqualTo(WorkflowStatus.FAILED);
      assertThat(source.steps()).extracting(StepInfo::stepName).containsExactly("pack", "charge", "ship");
    }
  }

  @Test
  void aForkFromAPositionTheNewCodeChangedBefore_divergesAsAResumeWould() {
    try (DurableEngine v1 = engine(1)) {
      assertThatThrownBy(() -> v1.workflow(Shipment.class, "s-2").send("o-2")).isInstanceOf(IllegalStateException.class);
    }
    try (DurableEngine v2 = builder("shipments").register(Shipment.class, 2).workerThreads(0).build()) {
      v2.fork("s-2", "s-2-fixed", 3);

      // Version 2 has its fraud check at position 2, where the copied history has the charge.
      assertThatThrownBy(() -> v2.workflow(Shipment.class, "s-2-fixed").send("o-2"))
          .isInstanceOf(NonDeterministicWorkflowException.class).hasMessageContaining("fraudCheck");
      assertThat(RAN).doesNotContain("s-2-fixed fraudCheck", "s-2-fixed charge", "s-2-fixed ship");
    }
  }

  @Test
  void aForkNeedsANewId_andAPositionFromOne() {
    try (DurableEngine v1 = engine(1)) {
      assertThatThrownBy(() -> v1.workflow(Shipment.class, "s-3").send("o-3")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> v1.fork("s-3", "s-3", 2)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a run with that id exists already");
      assertThatThrownBy(() -> v1.fork("s-3", "s-3b", 0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positions start at 1");
      assertThatThrownBy(() -> v1.fork("nope", "s-3c", 1)).isInstanceOf(WorkflowDefinitionException.class)
          .hasMessageContaining("There is no workflow 'nope'");
    }
  }

  @DurableWorkflow(name = "fork-label")
  public static class Label {
    @WorkflowMethod
    public String print(String order) {
      return render(order);
    }

    @DurableStep
    public String render(String order) {
      RAN.add(Durable.workflowId() + " render");
      return "label " + order;
    }
  }

  /** Prints a label in a child workflow (its start and its result are two positions), then ships. */
  @DurableWorkflow(name = "fork-delivery")
  public static class Delivery {
    @WorkflowMethod
    public String deliver(String order) {
      String label = Durable.child(Label.class, Durable.workflowId() + "-label").print(order);
      return dispatch(label);
    }

    @DurableStep
    public String dispatch(String label) {
      RAN.add(Durable.workflowId() + " dispatch");
      return "dispatched " + label;
    }
  }

  @Test
  void aForkBetweenAChildsStartAndItsResult_isRefused_andOneBeforeItStartsAChildOfItsOwn() {
    try (DurableEngine engine = builder("deliveries").pollInterval(Duration.ofMillis(50)).build()) {
      assertThat(engine.workflow(Delivery.class, "d-1").deliver("o-9")).isEqualTo("dispatched label o-9");
      // 1: the child's start, 2: its result, 3: dispatch.
      assertThatThrownBy(() -> engine.fork("d-1", "d-1-fork", 2)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("starts child (d-1-label) at position 1 but takes its result only after that")
          .hasMessageContaining("fork from position 1 or earlier");
      assertThat(engine.inspect("d-1-fork")).isEmpty();

      RAN.clear();
      assertThat(engine.fork("d-1", "d-1-again", 1).result(Duration.ofSeconds(10))).isEqualTo("dispatched label o-9");
      assertThat(RAN).containsExactly("d-1-again-label render", "d-1-again dispatch");
    }
  }
}
