package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events, child workflows and compensations in one JVM (the child-JVM crash tests are in reliability). */
class EventsAndChildrenTest extends StoreContract {
  private DurableEngine engine;

  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
  /** Whether a laptop for "later-..." can be shipped. */
  static volatile boolean laptopsInStock;

  static int ran(String step) {
    return RUNS.getOrDefault(step, new AtomicInteger()).get();
  }

  static void count(String step) {
    RUNS.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
  }

  @BeforeEach
  void open() {
    RUNS.clear();
    laptopsInStock = false;
    engine = builder("events").pollInterval(Duration.ofMillis(100)).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  public record Decision(String by, boolean approved) {}

  @DurableWorkflow
  public static class Approval {
    @WorkflowMethod
    public String decide(String request) {
      prepare(request);
      Decision decision = Durable.awaitEvent("approval", Decision.class);
      return finish(request, decision);
    }

    @DurableStep
    public String prepare(String request) {
      count("prepare");
      return request;
    }

    @DurableStep
    public String finish(String request, Decision decision) {
      count("finish");
      return request + (decision.approved() ? " approved by " : " rejected by ") + decision.by();
    }
  }

  @DurableWorkflow
  public static class Collector {
    @WorkflowMethod
    public List<String> collect(int count) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        items.add(Durable.awaitEvent("item", String.class));
      }
      return items;
    }
  }

  @DurableWorkflow
  public static class Escalation {
    @WorkflowMethod
    public String await(long timeoutMillis) {
      Optional<Decision> decision = Durable.awaitEvent("approval", Decision.class, Duration.ofMillis(timeoutMillis));
      return decision.map(Decision::by).orElseGet(this::escalate);
    }

    @DurableStep
    public String escalate() {
      count("escalate");
      return "escalated";
    }
  }

  @DurableWorkflow
  public static class Batch {
    @WorkflowMethod
    public int total() {
      List<Decision> batch = Durable.awaitEvent("batch", new TypeReference<List<Decision>>() {}.getType());
      return (int) batch.stream().filter(Decision::approved).count();
    }
  }

  @DurableWorkflow
  public static class Sender {
    @WorkflowMethod
    public String send(String target, int count) {
      for (int i = 0; i < count; i++) {
        Durable.sendEvent(target, "item", "from-" + Durable.workflowId() + "-" + i);
      }
      return mark();
    }

    @DurableStep
    public String mark() {
      count("mark");
      return "sent";
    }
  }

  @DurableWorkflow
  public static class Numbers {
    @WorkflowMethod
    public int await() {
      return Durable.awaitEvent("number", int.class) + 1;
    }
  }

  /** A child: ships a laptop. */
  @DurableWorkflow
  public static class Laptop {
    @WorkflowMethod
    public String provision(String who) {
      return ship(who);
    }

    @DurableStep
    public String ship(String who) {
      count("ship:" + who);
      if (who.startsWith("fail") || who.startsWith("later") && !laptopsInStock) {
        throw new IllegalStateException("no laptop in stock for " + who);
      }
      return "laptop for " + who;
    }
  }

  /** A child: grants access, after waiting for an event (so that the parent waits for a waiting child). */
  @DurableWorkflow
  public static class Access {
    @WorkflowMethod
    public String grant(String who) {
      String ticket = Durable.awaitEvent("go", String.class);
      return grantStep(who, ticket);
    }

    @DurableStep
    public String grantStep(String who, String ticket) {
      count("grant:" + who);
      return "access for " + who + " (" + ticket + ")";
    }
  }

  @DurableWorkflow
  public static class Onboarding {
    @WorkflowMethod
    public String onboard(String who) {
      CompletableFuture<String> laptop = Durable.async(
          () -> Durable.child(Laptop.class, Durable.workflowId() + "-laptop").provision(who));
      CompletableFuture<String> access = Durable.async(
          () -> Durable.child(Access.class, Durable.workflowId() + "-access").grant(who));
      return welcome(laptop.join() + " + " + access.join());
    }

    @DurableStep
    public String welcome(String what) {
      count("welcome");
      return "welcome: " + what;
    }
  }

  /** Two children that each wait for an event, in parallel branches. */
  @DurableWorkflow
  public static class TwoWaitingChildren {
    @WorkflowMethod
    public String run() {
      String id = Durable.workflowId();
      CompletableFuture<String> a = Durable.async(() -> Durable.child(Access.class, id + "-a").grant("a"));
      CompletableFuture<String> b = Durable.async(() -> Durable.child(Access.class, id + "-b").grant("b"));
      return a.join() + " | " + b.join();
    }
  }

  /** A parent that lets its child's failure end it. */
  @DurableWorkflow
  public static class Uncaught {
    @WorkflowMethod
    public String run(String who) {
      return Durable.child(Laptop.class, Durable.workflowId() + "-laptop").provision(who);
    }
  }

  /** A saga: a failing child is caught, and what was done before is undone in reverse order. */
  @DurableWorkflow
  public static class Saga {
    @WorkflowMethod
    public String run(String who) {
      Compensations undo = new Compensations();
      try {
        reserveDesk(who);
        undo.add(() -> releaseDesk(who));
        createAccount(who);
        undo.add(() -> deleteAccount(who));
        return Durable.child(Laptop.class, Durable.workflowId() + "-laptop").provision(who);
      } catch (IllegalStateException e) {
        undo.compensate();
        return "compensated: " + e.getMessage();
      }
    }

    @DurableStep
    public void reserveDesk(String who) {
      count("reserveDesk");
    }

    @DurableStep
    public void releaseDesk(String who) {
      count("releaseDesk");
      RUNS.computeIfAbsent("order", k -> new AtomicInteger()).compareAndSet(1, 2);
    }

    @DurableStep
    public void createAccount(String who) {
      count("createAccount");
    }

    @DurableStep
    public void deleteAccount(String who) {
      count("deleteAccount");
      RUNS.computeIfAbsent("order", k -> new AtomicInteger()).compareAndSet(0, 1);
    }
  }

  /** Misuse: a child started from a step body. */
  @DurableWorkflow
  public static class ChildInStep {
    @WorkflowMethod
    public String run() {
      return start();
    }

    @DurableStep
    public String start() {
      return Durable.child(Laptop.class, "in-step-laptop").provision("x");
    }
  }

  @Test
  void anAwaitedEvent_resumesTheRun_withItsPayload() {
    WorkflowHandle<String> run = engine.start(Approval.class, "req-1", w -> w.decide("req-1"));
    awaitWaitingFor("req-1", "event:approval");

    engine.sendEvent("req-1", "approval", new Decision("ann", true));

    assertThat(run.result(Duration.ofSeconds(10))).isEqualTo("req-1 approved by ann");
    assertThat(ran("prepare")).isEqualTo(1);
    assertThat(ran("finish")).isEqualTo(1);
    WorkflowInfo info = engine.inspect("req-1").orElseThrow();
    assertThat(info.events()).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("approval");
      assertThat(e.consumed()).isTrue();
      assertThat(e.payloadJson()).contains("\"by\":\"ann\"");
    });
    assertThat(info.steps()).extracting(StepInfo::stepName).contains("Durable.awaitEvent(approval)");
  }

  @Test
  void eventsSentBeforeTheAwait_areBuffered_andReturnedInOrder_eachOnce() {
    engine.sendEventWithStart(Collector.class, "col", w -> w.collect(3), "item", "a");
    engine.sendEvent("col", "item", "b");
    engine.sendEvent("col", "item", "c");
    engine.sendEvent("col", "item", "d");

    assertThat(engine.handle("col", List.class).result(Duration.ofSeconds(10))).isEqualTo(List.of("a", "b", "c"));
    List<EventInfo> events = engine.inspect("col").orElseThrow().events();
    assertThat(events).extracting(EventInfo::payloadJson).containsExactly("\"a\"", "\"b\"", "\"c\"", "\"d\"");
    assertThat(events).extracting(EventInfo::consumed).containsExactly(true, true, true, false);
    assertThat(events.stream().map(EventInfo::consumedAt).limit(3).distinct()).hasSize(3);
  }

  @Test
  void aTimeout_returnsEmpty_andALaterEventStaysBuffered() {
    WorkflowHandle<String> run = engine.start(Escalation.class, "esc", w -> w.await(200));
    assertThat(run.result(Duration.ofSeconds(10))).isEqualTo("escalated");

    // Sending to a finished run is refused only once it completed: it completed, so this is an error.
    assertThatThrownBy(() -> engine.sendEvent("esc", "approval", new Decision("late", true)))
        .isInstanceOf(WorkflowDefinitionException.class)
        .hasMessageContaining("'esc'").hasMessageContaining("completed");
    assertThat(engine.inspect("esc").orElseThrow().steps()).extracting(StepInfo::outputJson)
        .anySatisfy(json -> assertThat(json).contains("\"timedOut\":true"));
  }

  @Test
  void anEventBeforeTheTimeout_isReturned() {
    WorkflowHandle<String> run = engine.start(Escalation.class, "esc2", w -> w.await(60_000));
    awaitWaitingFor("esc2", "event:approval");
    assertThat(engine.list(WorkflowQuery.all()).get(0).wakeAt()).as("the timeout is the run's timer").isNotNull();
    engine.sendEvent("esc2", "approval", new Decision("bob", true));
    assertThat(run.result(Duration.ofSeconds(10))).isEqualTo("bob");
    assertThat(ran("escalate")).isZero();
  }

  @Test
  void aGenericPayload_isReadAsTheAwaitedType() {
    WorkflowHandle<Integer> run = engine.start(Batch.class, "batch", Batch::total);
    engine.sendEvent("batch", "batch", List.of(new Decision("a", true), new Decision("b", false), new Decision("c", true)));
    assertThat(run.result(Duration.ofSeconds(10))).isEqualTo(2);
  }

  @Test
  void aPrimitiveAwaitedType_works() {
    WorkflowHandle<Integer> run = engine.start(Numbers.class, "num", Numbers::await);
    engine.sendEvent("num", "number", 41);
    assertThat(run.result(Duration.ofSeconds(10))).isEqualTo(42);
  }

  @Test
  void badSends_areRefused_withClearMessages_andStoreNothing() {
    assertThatThrownBy(() -> engine.sendEvent("nobody", "approval", "x"))
        .isInstanceOf(WorkflowDefinitionException.class)
        .hasMessageContaining("no workflow 'nobody'")
        .hasMessageContaining("sendEventWithStart");
    engine.start(Approval.class, "req-2", w -> w.decide("req-2"));
    assertThatThrownBy(() -> engine.sendEvent("req-2", "approval", new Object()))
        .isInstanceOf(StepSerializationException.class);
    assertThatThrownBy(() -> engine.sendEvent("req-2", "approval", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> engine.sendEvent("req-2", " ", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(engine.inspect("req-2").orElseThrow().events()).isEmpty();
  }

  @Test
  void anUnreadablePayload_failsTheAwait_namingEventWorkflowAndBothTypes() {
    WorkflowHandle<String> run = engine.start(Approval.class, "req-3", w -> w.decide("req-3"));
    engine.sendEvent("req-3", "approval", List.of(1, 2));
    assertThatThrownBy(() -> run.result(Duration.ofSeconds(10)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOf(EventPayloadException.class)
        .hasMessageContaining("'approval'")
        .hasMessageContaining("'req-3'")
        .hasMessageContaining(Decision.class.getName())
        .hasMessageContaining("List");
    assertThat(engine.inspect("req-3").orElseThrow().events()).singleElement()
        .satisfies(e -> assertThat(e.consumed()).isTrue());
  }

  @Test
  void aWorkflowSendsEvents_once_evenWhenItIsReplayed() {
    WorkflowHandle<List> collector = engine.start(Collector.class, "sink", w -> w.collect(2));
    WorkflowHandle<String> sender = engine.start(Sender.class, "src", w -> w.send("sink", 2));
    assertThat(sender.result(Duration.ofSeconds(10))).isEqualTo("sent");
    assertThat(collector.result(Duration.ofSeconds(10))).isEqualTo(List.of("from-src-0", "from-src-1"));

    // Replaying the sender (its result is recorded: a resume after deleting the last step) sends nothing again.
    engine.close();
    Testing.deleteSteps(store(), "events", "src", "3");
    Testing.markRunning(store(), "events", "src");
    engine = builder("events").pollInterval(Duration.ofMillis(100)).build();
    assertThat(engine.workflow(Sender.class, "src").send("sink", 2)).isEqualTo("sent");
    assertThat(ran("mark")).isEqualTo(2);
    assertThat(engine.inspect("sink").orElseThrow().events()).hasSize(2);
  }

  @Test
  void aSendToAMissingWorkflow_failsTheSender_andIsRecorded() {
    assertThatThrownBy(() -> engine.workflow(Sender.class, "lost").send("nobody", 1))
        .isInstanceOf(WorkflowDefinitionException.class)
        .hasMessageContaining("no workflow 'nobody'");
    // Recorded as the send's failure; it ended the run, so a resume would try the send again.
    assertThat(engine.inspect("lost").orElseThrow().steps()).singleElement().satisfies(s -> {
      assertThat(s.stepName()).isEqualTo("Durable.sendEvent(item to nobody)");
      assertThat(s.status()).isEqualTo(StepInfo.Status.REOPENED);
      assertThat(s.outputJson()).contains("no workflow 'nobody'");
    });
  }

  @Test
  void childrenInParallel_runAsWorkflowsOfTheirOwn_andTheParentGetsTheirResults() {
    WorkflowHandle<String> run = engine.start(Onboarding.class, "ann", w -> w.onboard("ann"));
    awaitWaitingFor("ann-access", "event:go");
    // Once the laptop child is done the parent waits for the access child alone (until then, the
    // laptop's end wakes it for a moment).
    awaitCondition(() -> engine.list(WorkflowQuery.all()).stream().anyMatch(s -> s.workflowId().equals("ann")
        && s.status() == WorkflowStatus.WAITING && s.waitingFor().equals(List.of("child:ann-access"))),
        "ann waiting for its access child alone");
    WorkflowSummary parent = engine.list(WorkflowQuery.all()).stream().filter(s -> s.workflowId().equals("ann"))
        .findFirst().orElseThrow();
    assertThat(parent.status()).isEqualTo(WorkflowStatus.WAITING);
    assertThat(parent.waitingFor()).contains("child:ann-access");

    engine.sendEvent("ann-access", "go", "T-1");

    assertThat(run.result(Duration.ofSeconds(10)))
        .isEqualTo("welcome: laptop for ann + access for ann (T-1)");
    assertThat(ran("ship:ann")).isEqualTo(1);
    assertThat(ran("grant:ann")).isEqualTo(1);
    WorkflowInfo child = engine.inspect("ann-laptop").orElseThrow();
    assertThat(child.parentWorkflowId()).isEqualTo("ann");
    assertThat(child.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(engine.inspect("ann").orElseThrow().steps()).extracting(StepInfo::stepName)
        .contains("Durable.startChild(ann-laptop)", "Durable.awaitChild(ann-laptop)", "Durable.startChild(ann-access)");
  }

  @Test
  void childrenInParallelBranches_areAllStarted_beforeTheParentSuspends() {
    WorkflowHandle<String> run = engine.start(TwoWaitingChildren.class, "two", TwoWaitingChildren::run);
    // Each child waits for an event nobody has sent: both can only be running if both were started
    // before the parent suspended on the first.
    awaitWaitingFor("two-a", "event:go");
    awaitWaitingFor("two-b", "event:go");
    awaitWaitingFor("two", "child:two-b");
    assertThat(engine.inspect("two").orElseThrow().waitingFor()).containsExactlyInAnyOrder("child:two-a", "child:two-b");

    engine.sendEvent("two-b", "go", "T-2");
    engine.sendEvent("two-a", "go", "T-1");
    assertThat(run.result(Duration.ofSeconds(10))).isEqualTo("access for a (T-1) | access for b (T-2)");
  }

  @Test
  void aFailedChild_failsTheParentsCall_withItsException_andTheParentCompensatesInReverse() {
    WorkflowHandle<String> run = engine.start(Saga.class, "fail-1", w -> w.run("fail-1"));
    assertThat(run.result(Duration.ofSeconds(10)))
        .isEqualTo("compensated: no laptop in stock for fail-1");
    assertThat(engine.inspect("fail-1-laptop").orElseThrow().status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(ran("deleteAccount")).isEqualTo(1);
    assertThat(ran("releaseDesk")).isEqualTo(1);
    assertThat(ran("order")).as("deleteAccount ran before releaseDesk").isEqualTo(2);
  }

  @Test
  void resumingAParentThatItsChildsFailureEnded_resumesTheChildOnce() {
    WorkflowHandle<String> run = engine.start(Uncaught.class, "later-1", w -> w.run("later-1"));
    assertThatThrownBy(() -> run.result(Duration.ofSeconds(10))).isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("no laptop in stock");
    assertThat(engine.inspect("later-1-laptop").orElseThrow().status()).isEqualTo(WorkflowStatus.FAILED);

    laptopsInStock = true;
    assertThat(engine.resume("later-1").result(Duration.ofSeconds(10))).isEqualTo("laptop for later-1");
    assertThat(ran("ship:later-1")).as("once failed, once after the resume").isEqualTo(2);
  }

  @Test
  void aChildIdThatNamesAnotherRun_isRefused() {
    laptopsInStock = true;
    engine.start(Laptop.class, "taken-laptop", w -> w.provision("taken")).result(Duration.ofSeconds(10));
    assertThatThrownBy(() -> engine.workflow(Uncaught.class, "taken").run("taken"))
        .isInstanceOf(WorkflowDefinitionException.class)
        .hasMessageContaining("already names a run that is not its child (started on its own)");
  }

  @Test
  void sendEventWithStart_withAnotherCall_storesNothing() {
    engine.start(Approval.class, "req-9", w -> w.decide("req-9"));
    assertThatThrownBy(() -> engine.sendEventWithStart(Approval.class, "req-9", w -> w.decide("other"), "approval",
        new Decision("x", true))).isInstanceOf(WorkflowArgumentsMismatchException.class);
    assertThatThrownBy(() -> engine.sendEvent("req-9", "approval",
        com.fasterxml.jackson.databind.node.NullNode.getInstance()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON null");
    assertThat(engine.inspect("req-9").orElseThrow().events()).isEmpty();
  }

  @Test
  void cancellingAParent_cancelsItsChildren() {
    WorkflowHandle<String> run = engine.start(Onboarding.class, "bob", w -> w.onboard("bob"));
    awaitWaitingFor("bob-access", "event:go");
    assertThat(engine.cancel("bob")).isTrue();
    assertThatThrownBy(() -> run.result(Duration.ofSeconds(10))).isInstanceOf(WorkflowCancelledException.class);
    awaitStatus("bob-access", WorkflowStatus.CANCELLED);
    // The laptop child may have finished before the cancellation, or been cancelled with its parent.
    if (engine.inspect("bob-laptop").isPresent()) {
      awaitCondition(() -> engine.inspect("bob-laptop").orElseThrow().status().isFinished(), "bob-laptop finished");
    }
    assertThat(ran("grant:bob")).isZero();
  }

  @Test
  void aChildStartedInAStepBody_isRefused_withAFix() {
    assertThatThrownBy(() -> engine.workflow(ChildInStep.class, "cis").run())
        .isInstanceOf(NotInWorkflowException.class)
        .hasMessageContaining("inside the body of step 'start'")
        .hasMessageContaining("Fix: move this call into the workflow method");
    assertThat(engine.inspect("in-step-laptop")).isEmpty();
  }

  @Test
  void awaitAndSendOutsideWorkflowCode_areRefused() {
    assertThatThrownBy(() -> Durable.awaitEvent("x", String.class)).isInstanceOf(NotInWorkflowException.class);
    assertThatThrownBy(() -> Durable.sendEvent("a", "x", "y")).isInstanceOf(NotInWorkflowException.class);
    assertThatThrownBy(() -> Durable.child(Laptop.class, "c")).isInstanceOf(NotInWorkflowException.class);
  }

  private void awaitWaitingFor(String id, String key) {
    awaitCondition(() -> engine.inspect(id).map(i -> i.waitingFor().contains(key)).orElse(false),
        id + " waiting for " + key);
  }

  private void awaitStatus(String id, WorkflowStatus status) {
    awaitCondition(() -> engine.inspect(id).map(i -> i.status() == status).orElse(false), id + " " + status);
  }

  /** Polls a condition on the database (a run's state changes in another thread), up to 10 s. */
  static void awaitCondition(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
