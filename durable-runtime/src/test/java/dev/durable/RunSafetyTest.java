package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a run must never do: go on after it diverged (issue 21), record an interrupt as the step's
 * failure, run another workflow's steps inside its own history, or hold a thread while it sleeps.
 */
class RunSafetyTest extends StoreContract {

  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
  static volatile boolean confirmCrashes;
  static volatile boolean interruptOnce;
  static volatile DurableEngine engineForWorkflows;

  static void count(String step) {
    RUNS.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
  }

  static int ran(String step) {
    return RUNS.getOrDefault(step, new AtomicInteger()).get();
  }

  @BeforeEach
  void reset() {
    RUNS.clear();
    confirmCrashes = false;
    interruptOnce = false;
  }

  /** The code that recorded the history: withdraw, deposit, then a confirmation that crashed. */
  @DurableWorkflow(name = "transfer")
  public static class TransferV1 {
    @WorkflowMethod
    public String run() {
      withdraw();
      deposit();
      return confirm();
    }

    @DurableStep
    public String withdraw() {
      count("withdraw");
      return "withdrawn";
    }

    @DurableStep
    public String deposit() {
      count("deposit");
      return "deposited";
    }

    @DurableStep
    public String confirm() {
      if (confirmCrashes) {
        throw new OutOfMemoryError("simulated crash: not recorded, the run stays unfinished");
      }
      return "confirmed";
    }
  }

  /** Changed code at deposit's position, and a catch-all around it that refunds: as in a faithful port. */
  @DurableWorkflow(name = "transfer")
  public static class TransferV2 {
    @WorkflowMethod
    public String run() {
      withdraw();
      try {
        depositToSavings();
      } catch (Exception e) {
        refund();
        return "refunded after " + e.getClass().getSimpleName();
      }
      return "done";
    }

    @DurableStep
    public String withdraw() {
      count("withdraw");
      return "withdrawn";
    }

    @DurableStep
    public String depositToSavings() {
      count("depositToSavings");
      return "saved";
    }

    @DurableStep
    public String refund() {
      count("refund");
      return "refunded";
    }
  }

  @Test
  void aDivergedRunThatCatchesTheDivergence_runsAndRecordsNothingMore_andEndsWithIt() {
    String db = "transfer";
    confirmCrashes = true;
    try (DurableEngine engine = builder(db).build()) {
      assertThatThrownBy(() -> engine.workflow(TransferV1.class, "t1").run()).isInstanceOf(OutOfMemoryError.class);
    }
    try (DurableEngine engine = builder(db).build()) {
      assertThatThrownBy(() -> engine.workflow(TransferV2.class, "t1").run())
          .isInstanceOf(NonDeterministicWorkflowException.class).hasMessageContaining("depositToSavings");
      assertThat(ran("refund")).as("the refund after the caught divergence").isZero();
      // confirm: the step the crash interrupted (started, never finished); nothing after the divergence.
      assertThat(engine.inspect("t1").orElseThrow().steps()).extracting(StepInfo::stepName, StepInfo::status)
          .as("nothing recorded after the divergence").containsExactly(
              org.assertj.core.groups.Tuple.tuple("withdraw", StepInfo.Status.COMPLETED),
              org.assertj.core.groups.Tuple.tuple("deposit", StepInfo.Status.COMPLETED),
              org.assertj.core.groups.Tuple.tuple("confirm", StepInfo.Status.STARTED));
      assertThat(ran("depositToSavings")).isZero();
      assertThat(engine.inspect("t1").orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);
    }
  }

  @DurableWorkflow
  public static class Interruptible {
    @WorkflowMethod
    public String run() throws InterruptedException {
      return waitForSignal();
    }

    @DurableStep
    public String waitForSignal() throws InterruptedException {
      count("waitForSignal");
      if (interruptOnce) {
        interruptOnce = false;
        throw new InterruptedException("the application is shutting down");
      }
      return "signalled";
    }
  }

  @Test
  void anInterruptedStep_isNotRecordedAsFailed_theFlagIsRestored_andTheStepRunsAgain() throws Exception {
    interruptOnce = true;
    try (DurableEngine engine = builder("interrupt").build()) {
      assertThatThrownBy(() -> engine.workflow(Interruptible.class, "i1").run()).isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).as("the interrupt flag, restored for the caller").isTrue();
      WorkflowInfo info = engine.inspect("i1").orElseThrow();
      assertThat(info.status()).isEqualTo(WorkflowStatus.PENDING);
      assertThat(info.steps()).extracting(StepInfo::status).doesNotContain(StepInfo.Status.FAILED);
      assertThat(engine.workflow(Interruptible.class, "i1").run()).isEqualTo("signalled");
      assertThat(ran("waitForSignal")).isEqualTo(2);
    }
  }

  @DurableWorkflow
  public static class Caller {
    @WorkflowMethod
    public String run() {
      note();
      return engineForWorkflows.workflow(Callee.class, "callee-1").run();
    }

    @DurableStep
    public void note() {
      count("note");
    }
  }

  @DurableWorkflow
  public static class Callee {
    @WorkflowMethod
    public String run() {
      return work();
    }

    @DurableStep
    public String work() {
      count("work");
      return "worked";
    }
  }

  @Test
  void callingAnotherWorkflowsProxyFromWorkflowCode_isRefused_namingBoth() {
    try (DurableEngine engine = builder("calls").build()) {
      engineForWorkflows = engine;
      assertThatThrownBy(() -> engine.workflow(Caller.class, "caller-1").run())
          .isInstanceOf(WorkflowDefinitionException.class)
          .hasMessageContaining("'caller-1'").hasMessageContaining("'callee-1'").hasMessageContaining("Fix:");
      assertThat(ran("work")).isZero();
      assertThat(engine.inspect("callee-1")).isEmpty();
      assertThat(engine.inspect("caller-1").orElseThrow().steps()).extracting(StepInfo::stepName).containsExactly("note");
    }
  }

  @DurableWorkflow
  public static class LongSleeper {
    @WorkflowMethod
    public String run(int n) {
      Durable.sleep(Duration.ofHours(1));
      return "woke " + n;
    }
  }

  @Test
  void twoThousandSleepingRuns_holdNoMoreThreadsThanAHandful() {
    int runs = 2_000;
    try (DurableEngine engine = builder("sleepers")
        .durability(Durability.SURVIVES_PROCESS_CRASH).pollInterval(Duration.ofMillis(200)).build()) {
      int before = ManagementFactory.getThreadMXBean().getThreadCount();
      for (int i = 0; i < runs; i++) {
        int n = i;
        engine.start(LongSleeper.class, "s-" + i, w -> w.run(n));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (engine.list(WorkflowQuery.all().status(WorkflowStatus.WAITING).limit(10_000)).size() < runs) {
        assertThat(System.nanoTime()).as("all %d runs asleep", runs).isLessThan(deadline);
        LockSupport.parkNanos(20_000_000);
      }
      // Worker threads that ran the starts end once idle; what stays is the engine's fixed few.
      int threads;
      while ((threads = ManagementFactory.getThreadMXBean().getThreadCount()) - before > 8) {
        assertThat(System.nanoTime()).as("threads settling, now %d (%d before)", threads, before).isLessThan(deadline);
        LockSupport.parkNanos(50_000_000);
      }
      System.out.printf("RunSafetyTest: %d sleeping runs, %d threads before, %d after%n", runs, before, threads);
      assertThat(threads - before).isLessThanOrEqualTo(8);
      assertThat(engine.list(WorkflowQuery.all().limit(10_000))).hasSize(runs)
          .allMatch(s -> s.status() == WorkflowStatus.WAITING && s.wakeAt() != null);
    }
  }
}
