package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Engine-owned runs in one JVM: start, handles, durable sleeps, cancellation, resume, list. */
class LifecycleTest extends StoreContract {
  private DurableEngine engine;

  /** Counts step executions by name, across all workflows of a test. */
  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
  static volatile CountDownLatch stepGate = new CountDownLatch(0);
  static volatile CountDownLatch stepEntered = new CountDownLatch(0);
  static volatile boolean chargeFails;

  static int ran(String step) {
    return RUNS.getOrDefault(step, new AtomicInteger()).get();
  }

  static void count(String step) {
    RUNS.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
  }

  @BeforeEach
  void open() {
    RUNS.clear();
    stepGate = new CountDownLatch(0);
    stepEntered = new CountDownLatch(0);
    chargeFails = false;
    engine = builder("life").pollInterval(Duration.ofMillis(100)).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @DurableWorkflow
  public static class Reminder {
    @WorkflowMethod
    public String remind(String who, long sleepMillis) {
      String greeting = greet(who);
      Durable.sleep(Duration.ofMillis(sleepMillis));
      return greeting + " / " + nudge(who);
    }

    @DurableStep
    public String greet(String who) {
      count("greet");
      return "hello " + who;
    }

    @DurableStep
    public String nudge(String who) {
      count("nudge");
      return "reminder for " + who;
    }
  }

  @DurableWorkflow
  public static class Notifier {
    @WorkflowMethod
    public void notifyAll(String who) {
      send(who);
    }

    @DurableStep
    public String send(String who) {
      count("send");
      return who;
    }
  }

  @DurableWorkflow
  public static class Parallel {
    @WorkflowMethod
    public String run() {
      CompletableFuture<String> sleepy = Durable.async(() -> {
        String a = step("a1");
        Durable.sleep(Duration.ofMillis(300));
        return a + step("a2");
      });
      CompletableFuture<String> busy = Durable.async(() -> step("b1") + step("b2") + step("b3"));
      return sleepy.join() + "|" + busy.join();
    }

    @DurableStep
    public String step(String name) {
      count(name);
      return name;
    }
  }

  @DurableWorkflow
  public static class Order {
    @WorkflowMethod
    public String place(String item) {
      String reserved = reserve(item);
      try {
        Durable.sleep(Duration.ofHours(1));
        gatedStep();
        return charge(item);
      } catch (WorkflowCancelledException e) {
        release(reserved);
        throw e;
      }
    }

    @DurableStep
    public String reserve(String item) {
      count("reserve");
      return "reserved " + item;
    }

    @DurableStep
    public void gatedStep() {
      count("gated");
    }

    @DurableStep(maxAttempts = 2, initialBackoffMillis = 1)
    public String charge(String item) {
      count("charge");
      if (chargeFails) {
        throw new IllegalStateException("card declined");
      }
      return "charged " + item;
    }

    @DurableStep
    public void release(String reserved) {
      count("release");
    }
  }

  @DurableWorkflow
  public static class Blocking {
    @WorkflowMethod
    public String run() {
      String a = slow();
      return a + after();
    }

    @DurableStep
    public String slow() {
      count("slow");
      stepEntered.countDown();
      try {
        stepGate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return "slow";
    }

    @DurableStep
    public String after() {
      count("after");
      return "+after";
    }
  }

  @Test
  void start_recordsTheRunBeforeReturning_andAWorkerRunsIt_theHandleWaitsForTheResult() {
    WorkflowHandle<String> handle = engine.start(Reminder.class, "r1", w -> w.remind("ada", 0));
    assertThat(handle.workflowId()).isEqualTo("r1");
    assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo("hello ada / reminder for ada");
    assertThat(handle.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(engine.start(Reminder.class, "r1", w -> w.remind("ada", 0)).result()).as("same id, same call")
        .isEqualTo("hello ada / reminder for ada");
    assertThat(ran("greet")).isEqualTo(1);
    assertThatThrownBy(() -> engine.start(Reminder.class, "r1", w -> w.remind("bob", 0)))
        .isInstanceOf(WorkflowArgumentsMismatchException.class).hasMessageContaining("ada").hasMessageContaining("bob");
  }

  @Test
  void startVoid_runsAVoidWorkflowMethod() {
    WorkflowHandle<Void> handle = engine.startVoid(Notifier.class, "n1", w -> w.notifyAll("ada"));
    assertThat(handle.result(Duration.ofSeconds(30))).isNull();
    assertThat(ran("send")).isEqualTo(1);
  }

  @Test
  void aSleepingRunIsWaitingAndHoldsNoThread_andResumesWhenDue_eachStepOnce() throws Exception {
    WorkflowHandle<String> handle = engine.start(Reminder.class, "sleepy", w -> w.remind("ada", 600));
    waitForStatus("sleepy", WorkflowStatus.WAITING);
    WorkflowSummary waiting = engine.list(WorkflowQuery.all().status(WorkflowStatus.WAITING)).get(0);
    assertThat(waiting.workflowId()).isEqualTo("sleepy");
    assertThat(waiting.wakeAt()).isNotNull();
    assertThat(Thread.getAllStackTraces().keySet()).as("no thread runs a sleeping workflow")
        .noneMatch(t -> t.getName().startsWith("durable-run-") && t.getState() == Thread.State.RUNNABLE
            && List.of(t.getStackTrace()).stream().anyMatch(f -> f.getClassName().contains("Reminder")));
    assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo("hello ada / reminder for ada");
    assertThat(ran("greet")).isEqualTo(1);
    assertThat(ran("nudge")).isEqualTo(1);
    assertThat(engine.inspect("sleepy").orElseThrow().steps()).extracting(StepInfo::stepName)
        .containsExactly("greet", "Durable.sleep", "nudge");
  }

  @Test
  void theSynchronousCall_waitsThroughASleep() {
    assertThat(engine.workflow(Reminder.class, "sync").remind("bob", 300)).isEqualTo("hello bob / reminder for bob");
    assertThat(engine.inspect("sync").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void aSleepInABranch_suspendsTheRun_andNoSiblingStepRunsTwice() {
    assertThat(engine.workflow(Parallel.class, "branches").run()).isEqualTo("a1a2|b1b2b3");
    for (String step : List.of("a1", "a2", "b1", "b2", "b3")) {
      assertThat(ran(step)).as(step).isEqualTo(1);
    }
  }

  @Test
  void cancellingASleepingRun_wakesIt_itsCodeCompensates_andItEndsCancelled() {
    WorkflowHandle<String> handle = engine.start(Order.class, "o1", w -> w.place("book"));
    waitForStatus("o1", WorkflowStatus.WAITING);
    assertThat(engine.cancel("o1")).isTrue();
    assertThatThrownBy(() -> handle.result(Duration.ofSeconds(30))).isInstanceOf(WorkflowCancelledException.class);
    assertThat(handle.status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(ran("release")).as("the compensating step").isEqualTo(1);
    assertThat(ran("charge")).isZero();
    assertThat(engine.cancel("o1")).as("cancelling a finished run changes nothing").isFalse();
    assertThatThrownBy(() -> engine.workflow(Order.class, "o1").place("book")).isInstanceOf(WorkflowCancelledException.class);
  }

  @Test
  void cancellingWhileAStepRuns_letsTheStepFinish_andStopsAtTheNextOne() throws Exception {
    stepGate = new CountDownLatch(1);
    stepEntered = new CountDownLatch(1);
    WorkflowHandle<String> handle = engine.start(Blocking.class, "b1", Blocking::run);
    assertThat(stepEntered.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(engine.cancel("b1")).isTrue();
    stepGate.countDown();
    assertThatThrownBy(() -> handle.result(Duration.ofSeconds(30))).isInstanceOf(WorkflowCancelledException.class);
    assertThat(ran("slow")).isEqualTo(1);
    assertThat(ran("after")).isZero();
    assertThat(engine.inspect("b1").orElseThrow().steps()).extracting(StepInfo::stepName, StepInfo::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("slow", StepInfo.Status.COMPLETED));
  }

  @Test
  void resume_refusesACancelledRunWhoseCodeRanCompensation_beforeChangingAnything() {
    WorkflowHandle<String> cancelled = engine.start(Order.class, "o2", w -> w.place("pen"));
    waitForStatus("o2", WorkflowStatus.WAITING);
    assertThat(engine.cancel("o2")).isTrue();
    assertThatThrownBy(() -> cancelled.result(Duration.ofSeconds(30))).isInstanceOf(WorkflowCancelledException.class);
    assertThatThrownBy(() -> engine.resume("o2")).isInstanceOf(WorkflowDefinitionException.class)
        .hasMessageContaining("compensation");
    assertThat(engine.inspect("o2").orElseThrow().status()).isEqualTo(WorkflowStatus.CANCELLED);
  }

  @Test
  void resume_continuesACancelledRunThatDidNotCompensate() throws Exception {
    stepGate = new CountDownLatch(1);
    stepEntered = new CountDownLatch(1);
    WorkflowHandle<String> handle = engine.start(Blocking.class, "b2", Blocking::run);
    assertThat(stepEntered.await(30, TimeUnit.SECONDS)).isTrue();
    engine.cancel("b2");
    stepGate.countDown();
    assertThatThrownBy(() -> handle.result(Duration.ofSeconds(30))).isInstanceOf(WorkflowCancelledException.class);
    assertThat(engine.resume("b2").result(Duration.ofSeconds(30))).isEqualTo("slow+after");
    assertThat(ran("slow")).as("replayed, not run again").isEqualTo(1);
    assertThat(ran("after")).isEqualTo(1);
  }

  @DurableWorkflow
  public static class Payment {
    @WorkflowMethod
    public String pay(String invoice) {
      return charge(invoice);
    }

    @DurableStep(maxAttempts = 2, initialBackoffMillis = 1)
    public String charge(String invoice) {
      count("charge");
      if (chargeFails) {
        throw new IllegalStateException("card declined");
      }
      return "paid " + invoice;
    }
  }

  @Test
  void resume_runsTheFailedStepAgain_withAFreshRetryBudget() {
    chargeFails = true;
    WorkflowHandle<String> handle = engine.start(Payment.class, "p1", w -> w.pay("inv-1"));
    assertThatThrownBy(() -> handle.result(Duration.ofSeconds(30))).isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("card declined");
    assertThat(handle.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(ran("charge")).as("both attempts of the budget").isEqualTo(2);

    assertThatThrownBy(() -> engine.resume("p1").result(Duration.ofSeconds(30))).isInstanceOf(WorkflowFailedException.class);
    assertThat(ran("charge")).as("a fresh budget of two attempts").isEqualTo(4);

    chargeFails = false;
    assertThat(engine.resume("p1").result(Duration.ofSeconds(30))).isEqualTo("paid inv-1");
    assertThat(engine.handle("p1", String.class).result()).isEqualTo("paid inv-1");
    assertThat(ran("charge")).isEqualTo(5);
  }

  @Test
  void list_filtersByStatusAndName_newestFirst_withALimit() {
    for (int i = 0; i < 3; i++) {
      engine.workflow(Notifier.class, "n-" + i).notifyAll("x");
    }
    engine.start(Reminder.class, "r-long", w -> w.remind("x", 3_600_000));
    waitForStatus("r-long", WorkflowStatus.WAITING);
    assertThat(engine.list(WorkflowQuery.all())).extracting(WorkflowSummary::workflowId)
        .containsExactly("r-long", "n-2", "n-1", "n-0");
    String notifier = engine.inspect("n-0").orElseThrow().workflowName();
    assertThat(engine.list(WorkflowQuery.all().workflowName(notifier).limit(2))).extracting(WorkflowSummary::workflowId)
        .containsExactly("n-2", "n-1");
    assertThat(engine.list(WorkflowQuery.all().status(WorkflowStatus.WAITING))).extracting(WorkflowSummary::workflowId)
        .containsExactly("r-long");
    assertThatThrownBy(() -> engine.handle("r-long", String.class).result(Duration.ofMillis(50)))
        .isInstanceOf(WorkflowTimeoutException.class).hasMessageContaining("WAITING").hasMessageContaining("goes on");
  }

  @Test
  void badInput_eachGetsAClearError_andNothingIsStored() {
    assertThatThrownBy(() -> engine.handle("nobody", String.class)).isInstanceOf(WorkflowDefinitionException.class)
        .hasMessageContaining("no workflow 'nobody'");
    assertThatThrownBy(() -> engine.cancel("nobody")).isInstanceOf(WorkflowDefinitionException.class);
    assertThatThrownBy(() -> Durable.sleep(Duration.ofSeconds(1))).isInstanceOf(NotInWorkflowException.class)
        .hasMessageContaining("outside a running workflow");
    assertThatThrownBy(() -> engine.workflow(Reminder.class, "negative").remind("x", -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between zero and 100 years");
    assertThatThrownBy(() -> engine.start(NoDefaultConstructor.class, "c1", w -> w.run()))
        .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("register");
    assertThat(engine.inspect("c1")).isEmpty();
    assertThatThrownBy(() -> engine.start(Reminder.class, "s1", w -> w.greet("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a @WorkflowMethod");
    assertThat(engine.inspect("s1")).isEmpty();
  }

  @DurableWorkflow
  public static class NoDefaultConstructor {
    private final String config;

    public NoDefaultConstructor(String config) {
      this.config = config;
    }

    @WorkflowMethod
    public String run() {
      return config;
    }
  }

  @DurableWorkflow
  public static class SleepsInAStep {
    @WorkflowMethod
    public String run() {
      return nap();
    }

    @DurableStep
    public String nap() {
      Durable.sleep(Duration.ofMillis(1));
      return "napped";
    }
  }

  @Test
  void sleepInsideAStepBody_isRefused() {
    assertThatThrownBy(() -> engine.workflow(SleepsInAStep.class, "nap").run()).isInstanceOf(NotInWorkflowException.class)
        .hasMessageContaining("inside the body of step 'nap'");
  }

  @DurableWorkflow
  public static class SlowRetry {
    @WorkflowMethod
    public String run() {
      return flaky();
    }

    @DurableStep(maxAttempts = 2, initialBackoffMillis = 1_500)
    public String flaky() {
      count("flaky");
      if (ran("flaky") == 1) {
        throw new IllegalStateException("service unavailable");
      }
      return "done on attempt " + ran("flaky");
    }
  }

  @Test
  void aLongRetryBackoff_suspendsTheRunInsteadOfHoldingItsThread() {
    WorkflowHandle<String> handle = engine.start(SlowRetry.class, "retry-1", SlowRetry::run);
    waitForStatus("retry-1", WorkflowStatus.WAITING);
    assertThat(engine.list(WorkflowQuery.all().status(WorkflowStatus.WAITING))).singleElement()
        .satisfies(w -> assertThat(w.wakeAt()).isNotNull());
    assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo("done on attempt 2");
    assertThat(engine.inspect("retry-1").orElseThrow().steps()).singleElement()
        .satisfies(s -> assertThat(s.attempts()).as("the failed attempt counted across the suspension").isEqualTo(2));
  }

  private void waitForStatus(String id, WorkflowStatus status) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (engine.inspect(id).map(WorkflowInfo::status).orElse(null) != status) {
      assertThat(System.nanoTime()).as("%s reaching %s", id, status).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
  }
}
