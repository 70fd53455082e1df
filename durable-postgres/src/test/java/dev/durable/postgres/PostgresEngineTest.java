package dev.durable.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.Durable;
import dev.durable.DurableEngine;
import dev.durable.StepInfo;
import dev.durable.WorkflowCancelledException;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowStatus;
import dev.durable.WorkflowSummary;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workflows end to end through the public API, on a PostgreSQL database of their own per test. */
class PostgresEngineTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final EmbeddedServer server = EmbeddedServer.get();
  private String database;
  private String url;

  @BeforeEach
  void newDatabase() {
    database = server.newDatabase();
    url = server.url(database);
  }

  /** Fails its charge step while {@link #failuresLeft} is positive. */
  public static final class Faults {
    final AtomicInteger failuresLeft = new AtomicInteger();
  }

  @DurableWorkflow
  public static class Checkout {
    private final Ledger ledger;
    private final Faults faults;

    public Checkout(Ledger ledger, Faults faults) {
      this.ledger = ledger;
      this.faults = faults;
    }

    @WorkflowMethod
    public String checkout(String order) {
      String reserved = reserve(order);
      return reserved + ", " + charge(order);
    }

    @DurableStep
    public String reserve(String order) {
      ledger.ran("reserve");
      return "reserved " + order;
    }

    @DurableStep(maxAttempts = 1)
    public String charge(String order) {
      ledger.ran("charge");
      if (faults.failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("card declined for " + order);
      }
      return "charged " + order;
    }
  }

  @DurableWorkflow
  public static class Reminder {
    @WorkflowMethod
    public String remind(String who, long sleepMillis) {
      String greeting = greet(who);
      Durable.sleep(Duration.ofMillis(sleepMillis));
      return greeting + ", again";
    }

    @DurableStep
    public String greet(String who) {
      return "hello " + who;
    }
  }

  @DurableWorkflow
  public static class Approval {
    @WorkflowMethod
    public String decide(String request) {
      String approver = Durable.awaitEvent("approval", String.class);
      return request + " approved by " + approver;
    }
  }

  @DurableWorkflow
  public static class Laptop {
    @WorkflowMethod
    public String provision(String who) {
      return ship(who);
    }

    @DurableStep
    public String ship(String who) {
      return "laptop for " + who;
    }
  }

  @DurableWorkflow
  public static class Onboarding {
    @WorkflowMethod
    public String onboard(String who) {
      return Durable.child(Laptop.class, Durable.workflowId() + "-laptop").provision(who) + " shipped";
    }
  }

  @DurableWorkflow
  public static class LongSleep {
    @WorkflowMethod
    public String run() {
      Durable.sleep(Duration.ofHours(1));
      return "woke";
    }
  }

  /** How often each shared run's step ran, by run id. */
  static final Map<String, AtomicInteger> SHARED_RUNS = new ConcurrentHashMap<>();

  @DurableWorkflow
  public static class Shared {
    @WorkflowMethod
    public String run(String id) {
      return work(id) + Durable.workflowId().length();
    }

    @DurableStep
    public String work(String id) {
      SHARED_RUNS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      return id;
    }
  }

  private DurableEngine.Builder engine() {
    return DurableEngine.builder(url).pollInterval(Duration.ofMillis(200));
  }

  @Test
  void stepsAreMemoized_andAFailedRunResumesWithoutRepeatingCompletedSteps() {
    Ledger ledger = new Ledger();
    Faults faults = new Faults();
    faults.failuresLeft.set(1);
    try (DurableEngine engine = engine().register(Checkout.class, ledger, faults).build()) {
      assertThatThrownBy(() -> engine.workflow(Checkout.class, "order-1").checkout("book"))
          .hasMessageContaining("card declined");
      assertThat(engine.inspect("order-1").orElseThrow().status()).isEqualTo(WorkflowStatus.FAILED);

      assertThat(engine.workflow(Checkout.class, "order-1").checkout("book")).isEqualTo("reserved book, charged book");
      assertThat(engine.workflow(Checkout.class, "order-1").checkout("book")).isEqualTo("reserved book, charged book");
    }
    assertThat(ledger.count("reserve")).as("completed before the failure, never repeated").isEqualTo(1);
    assertThat(ledger.count("charge")).as("failed once, then succeeded").isEqualTo(2);
    try (DurableEngine reopened = engine().register(Checkout.class, ledger, faults).build()) {
      WorkflowInfo info = reopened.inspect("order-1").orElseThrow();
      assertThat(info.status()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(info.steps()).extracting(StepInfo::stepName).containsExactlyInAnyOrder("reserve", "charge");
      assertThat(reopened.workflow(Checkout.class, "order-1").checkout("book")).isEqualTo("reserved book, charged book");
    }
    assertThat(ledger.total()).isEqualTo(3);
  }

  @Test
  void aPoolOfOneConnection_carriesManyRunsAtOnce_sinceNoOperationHoldsTwo() {
    Ledger ledger = new Ledger();
    try (DurableEngine engine = engine().poolSize(1).register(Checkout.class, ledger, new Faults()).build()) {
      List<WorkflowHandle<String>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String order = "o-" + i;
        runs.add(engine.start(Checkout.class, "pool-" + i, c -> c.checkout(order)));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(runs.get(i).result(WAIT)).isEqualTo("reserved o-" + i + ", charged o-" + i);
      }
    }
    assertThat(ledger.total()).isEqualTo(16);
    assertThatThrownBy(() -> DurableEngine.builder(url).poolSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolSize must be between 1 and 1000");
  }

  @Test
  void aWorkerRunsAStartedWorkflowThroughADurableSleep() {
    try (DurableEngine engine = engine().build()) {
      WorkflowHandle<String> handle = engine.start(Reminder.class, "remind-1", r -> r.remind("ada", 300));
      assertThat(handle.result(WAIT)).isEqualTo("hello ada, again");
      assertThat(handle.status()).isEqualTo(WorkflowStatus.COMPLETED);
    }
  }

  @Test
  void anEventWakesTheRunThatAwaitsIt() {
    try (DurableEngine engine = engine().build()) {
      WorkflowHandle<String> handle = engine.start(Approval.class, "approve-1", a -> a.decide("laptop"));
      waitForStatus(engine, "approve-1", WorkflowStatus.WAITING);
      engine.sendEvent("approve-1", "approval", "grace");
      assertThat(handle.result(WAIT)).isEqualTo("laptop approved by grace");
      assertThat(engine.inspect("approve-1").orElseThrow().events()).singleElement()
          .satisfies(e -> assertThat(e.consumed()).isTrue());
    }
  }

  @Test
  void aChildWorkflowRunsAndItsParentGetsItsResult() {
    try (DurableEngine engine = engine().build()) {
      WorkflowHandle<String> handle = engine.start(Onboarding.class, "hire-1", o -> o.onboard("lin"));
      assertThat(handle.result(WAIT)).isEqualTo("laptop for lin shipped");
      WorkflowInfo child = engine.inspect("hire-1-laptop").orElseThrow();
      assertThat(child.status()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(child.parentWorkflowId()).isEqualTo("hire-1");
    }
  }

  @Test
  void cancelForgetInspectAndList() {
    try (DurableEngine engine = engine().build()) {
      WorkflowHandle<String> sleeping = engine.start(LongSleep.class, "sleep-1", LongSleep::run);
      waitForStatus(engine, "sleep-1", WorkflowStatus.WAITING);
      assertThat(engine.cancel("sleep-1")).isTrue();
      assertThatThrownBy(() -> sleeping.result(WAIT)).isInstanceOf(WorkflowCancelledException.class);
      assertThat(engine.inspect("sleep-1").orElseThrow().status()).isEqualTo(WorkflowStatus.CANCELLED);

      engine.start(Reminder.class, "remind-2", r -> r.remind("bo", 1)).result(WAIT);
      assertThat(engine.list(WorkflowQuery.all())).extracting(WorkflowSummary::workflowId)
          .containsExactlyInAnyOrder("sleep-1", "remind-2");
      assertThat(engine.list(WorkflowQuery.all().status(WorkflowStatus.COMPLETED)))
          .extracting(WorkflowSummary::workflowId).containsExactly("remind-2");

      assertThat(engine.forget("sleep-1")).isTrue();
      assertThat(engine.inspect("sleep-1")).isEmpty();
      assertThat(engine.forget("sleep-1")).isFalse();
    }
  }

  @Test
  void anEngineOnTheApplicationsDataSourceRunsWorkflows_andLeavesTheDataSourceUsable() throws Exception {
    var dataSource = server.dataSource(database);
    try (DurableEngine engine = DurableEngine.builder(dataSource).pollInterval(Duration.ofMillis(200)).build()) {
      assertThat(engine.start(Reminder.class, "ds-1", r -> r.remind("kim", 1)).result(WAIT)).isEqualTo("hello kim, again");
      assertThat(engine.location()).contains(database).doesNotContain("password");
    }
    try (var c = dataSource.getConnection(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT status FROM durable.durable_workflows WHERE workflow_id = 'ds-1'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("COMPLETED");
    }
  }

  @Test
  void aClientOnlyEngineSeesARunAnotherEngineCompletes() {
    try (DurableEngine worker = engine().build();
        DurableEngine client = engine().clientOnly().build()) {
      worker.start(Reminder.class, "shared-1", r -> r.remind("max", 100));
      assertThat(client.handle("shared-1", String.class).result(WAIT)).isEqualTo("hello max, again");
    }
  }

  @Test
  void twoWorkersShareTheRunsAClientStarts_andEachRunsOnce() {
    SHARED_RUNS.clear();
    int count = 20;
    try (DurableEngine one = engine().workerThreads(4).build();
        DurableEngine two = engine().workerThreads(4).build();
        DurableEngine client = engine().clientOnly().build()) {
      List<WorkflowHandle<String>> handles = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = "shared-" + i;
        handles.add(client.start(Shared.class, id, s -> s.run(id)));
      }
      for (WorkflowHandle<String> handle : handles) {
        assertThat(handle.result(WAIT)).isEqualTo(handle.workflowId() + handle.workflowId().length());
      }
      assertThat(one.list(WorkflowQuery.all().status(WorkflowStatus.COMPLETED))).hasSize(count);
      assertThat(two.inspect("shared-0")).isPresent();
    }
    assertThat(SHARED_RUNS).hasSize(count);
    assertThat(SHARED_RUNS.values()).allSatisfy(ran -> assertThat(ran.get()).isEqualTo(1));
  }

  @Test
  void anEngineOnAnotherSchemaDoesNotSeeTheDefaultSchemasRuns() {
    try (DurableEngine engine = engine().build();
        DurableEngine other = engine().schema("other").build()) {
      engine.start(Reminder.class, "mine", r -> r.remind("a", 1)).result(WAIT);
      assertThat(other.inspect("mine")).isEmpty();
      assertThat(other.list(WorkflowQuery.all())).isEmpty();
      other.start(Reminder.class, "theirs", r -> r.remind("b", 1)).result(WAIT);
      assertThat(engine.inspect("theirs")).isEmpty();
    }
  }

  @Test
  void aWorkerWakesAtOnceForAnEventAnotherEngineSends_withoutWaitingForItsPoll() {
    Duration poll = Duration.ofSeconds(30);
    try (DurableEngine worker = DurableEngine.builder(url).pollInterval(poll).build();
        DurableEngine sender = DurableEngine.builder(url).clientOnly().build()) {
      WorkflowHandle<String> handle = worker.start(Approval.class, "remote-1", a -> a.decide("desk"));
      waitForStatus(worker, "remote-1", WorkflowStatus.WAITING);
      long sent = System.nanoTime();
      sender.sendEvent("remote-1", "approval", "remote");
      // Only the notification can explain a result this soon: the worker's next poll is 30 s away.
      assertThat(handle.result(Duration.ofSeconds(10))).isEqualTo("desk approved by remote");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(poll.toMillis() / 3);
    }
  }

  private static void waitForStatus(DurableEngine engine, String id, WorkflowStatus status) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (engine.inspect(id).map(WorkflowInfo::status).orElse(null) != status) {
      assertThat(System.nanoTime()).as("%s reaching %s", id, status).isLessThan(deadline);
      LockSupport.parkNanos(5_000_000);
    }
  }
}
