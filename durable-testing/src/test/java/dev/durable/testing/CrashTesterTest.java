package dev.durable.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.Durable;
import dev.durable.DurableEngine;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The crash tester on a workflow with a loop, parallel branches, a caught failure, a durable sleep
 * and an awaited event: every commit crashed before and after, a non-idempotent step reported.
 */
class CrashTesterTest {
  /** The services the workflow calls: they remember every call, as real ones would. */
  static final class Shop {
    final List<String> charges = new CopyOnWriteArrayList<>();
    final List<String> mails = new CopyOnWriteArrayList<>();
  }

  @DurableWorkflow(name = "order")
  public static class Order {
    private final Shop shop;

    public Order(Shop shop) {
      this.shop = shop;
    }

    @WorkflowMethod
    public String place(int items) throws Exception {
      int total = 0;
      for (int i = 0; i < items; i++) {
        total += price(i);
      }
      CompletableFuture<String> left = Durable.async(() -> reserve("left"));
      CompletableFuture<String> right = Durable.async(() -> reserve("right"));
      String reserved = left.get() + "+" + right.get();
      String fraud;
      try {
        fraud = fraudCheck(total);
      } catch (IllegalStateException e) {
        fraud = "skipped (" + e.getMessage() + ")";
      }
      Durable.sleep(Duration.ofHours(2));
      String approval = Durable.awaitEvent("approve", String.class, Duration.ofDays(1)).orElse("timed out");
      String receipt = charge(total);
      mail("receipt " + receipt);
      return reserved + " " + fraud + " " + approval + " " + receipt;
    }

    @DurableStep
    public int price(int i) {
      return 10 * (i + 1);
    }

    @DurableStep
    public String reserve(String shelf) {
      return "reserved " + shelf;
    }

    @DurableStep
    public String fraudCheck(int total) {
      throw new IllegalStateException("fraud service down");
    }

    /** Idempotent: the charge is keyed by the run, so a repeated call returns the first receipt. */
    @DurableStep
    public String charge(int total) {
      String key = Durable.workflowId() + ":" + total;
      if (!shop.charges.contains(key)) {
        shop.charges.add(key);
      }
      return "charged " + total;
    }

    /** Not idempotent: a repeated call sends a second email. */
    @DurableStep
    public int mail(String text) {
      shop.mails.add(text);
      return shop.mails.size();
    }
  }

  /** A run of {@link Order} with fresh fakes, approved by an event sent at once. */
  static final class Placing implements CrashScenario {
    final Shop shop = new Shop();

    @Override
    public void configure(DurableEngine.Builder builder) {
      builder.register(Order.class, shop);
    }

    @Override
    public void start(DurableEngine engine, String workflowId) {
      engine.start(Order.class, workflowId, o -> {
        try {
          return o.place(3);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      engine.sendEvent(workflowId, "approve", "approved");
    }
  }

  @Test
  void everyCommitIsCrashedBeforeAndAfter_andEveryRunRecoversTheUninterruptedResult() {
    CrashReport report = CrashTester.of(Placing::new).crashAtEveryStep();
    System.out.println(report);

    assertThat(report.uninterruptedResult())
        .isEqualTo("\"reserved left+reserved right skipped (fraud service down) approved charged 60\"");
    // 3 prices, 2 reservations, the failed check, the sleep, the await's deadline and its event, the
    // charge, the mail, the end.
    assertThat(report.outcomes()).hasSize(2 * 12);
    assertThat(report.outcomes()).allMatch(CrashOutcome::reached);
    report.assertEveryCrashRecovers();
    // A kill before a step's commit runs its body again; after the commit it never does.
    for (CrashOutcome o : report.outcomes()) {
      if (o.point().moment() == CrashPoint.Moment.AFTER_COMMIT) {
        assertThat(o.executions()).as("after %s", o.point()).isEqualTo(report.uninterruptedExecutions());
      }
    }
    assertThat(report.repeatedSteps().keySet()).extracting(CrashPoint::name)
        .containsExactlyInAnyOrder("price", "price", "price", "reserve", "reserve", "fraudCheck", "charge", "mail");
  }

  @Test
  void aStepThatIsNotIdempotent_isReportedWithThePointThatRepeatsIt() {
    CrashReport report = CrashTester.of(Placing::new).crashAtEveryStep();

    assertThatThrownBy(() -> report.assertOnlyIdempotentStepsRepeat("price", "reserve", "fraudCheck", "charge"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("step 'mail' ran 2 times (uninterrupted: 1)")
        .hasMessageContaining("before the commit of mail at crash-test#");
    report.assertOnlyIdempotentStepsRepeat("price", "reserve", "fraudCheck", "charge", "mail");
  }

  @DurableWorkflow(name = "counter")
  public static class Counter {
    private final Shop shop;

    public Counter(Shop shop) {
      this.shop = shop;
    }

    @WorkflowMethod
    public int count() {
      return mailAndCount("hello") + mailAndCount("again");
    }

    /** Returns how many mails went out so far: a repeated call changes the workflow's result. */
    @DurableStep
    public int mailAndCount(String text) {
      shop.mails.add(text);
      return shop.mails.size();
    }
  }

  @Test
  void aRepeatedStepThatChangesTheResult_failsTheRecoveryAssertion_namingThePointAndBothHistories() {
    CrashReport report = CrashTester.of(() -> new CrashScenario() {
      final Shop shop = new Shop();

      @Override
      public void configure(DurableEngine.Builder builder) {
        builder.register(Counter.class, shop);
      }

      @Override
      public void start(DurableEngine engine, String workflowId) {
        engine.start(Counter.class, workflowId, Counter::count);
      }
    }).crashAtEveryStep();

    assertThat(report.uninterruptedResult()).isEqualTo("3");
    Map<CrashPoint, Map<String, Integer>> repeated = report.repeatedSteps();
    assertThat(repeated).hasSize(2);
    assertThatThrownBy(report::assertEveryCrashRecovers)
        .isInstanceOf(AssertionError.class)
        // "hello" is mailed twice: 2 + 3 instead of 1 + 2.
        .hasMessageContaining("Killed before the commit of mailAndCount at crash-test#1, the resumed run returned 5"
            + " instead of 3")
        .hasMessageContaining("Killed before the commit of mailAndCount at crash-test#2, the resumed run returned 4"
            + " instead of 3")
        .hasMessageContaining("uninterrupted history:")
        .hasMessageContaining("resumed history:");
  }

  @DurableWorkflow(name = "notifier")
  public static class Notifier {
    private final Shop shop;

    public Notifier(Shop shop) {
      this.shop = shop;
    }

    @WorkflowMethod
    public String notifyBoth() {
      return send("ada") + ", " + send("bob");
    }

    /** Its result depends on its input only; its side effect (a mail) repeats if it runs again. */
    @DurableStep
    public String send(String to) {
      shop.mails.add(to);
      return "mailed " + to;
    }
  }

  /**
   * The notifier's scenario, as the child-JVM mode needs it: a public class with a public
   * constructor. Its fakes die with the child JVM, so the results must not depend on their state.
   */
  public static final class Notifying implements CrashScenario {
    final Shop shop = new Shop();

    public Notifying() {}

    @Override
    public void configure(DurableEngine.Builder builder) {
      builder.register(Notifier.class, shop);
    }

    @Override
    public void start(DurableEngine engine, String workflowId) {
      engine.start(Notifier.class, workflowId, Notifier::notifyBoth);
    }
  }

  @Test
  void inChildJvm_haltsARealJvmAtEveryCommit_andCountsTheBodiesItRanBeforeItDied() {
    CrashReport report = CrashTester.inChildJvm(Notifying.class).crashAtEveryStep();
    System.out.println(report);

    // Two steps and the end, each killed before and after its commit, in 6 JVMs halted there.
    assertThat(report.outcomes()).hasSize(6).allMatch(CrashOutcome::reached);
    assertThat(report.uninterruptedResult()).isEqualTo("\"mailed ada, mailed bob\"");
    report.assertEveryCrashRecovers();
    // What ran in the dead JVM is counted all the same: a kill before a commit repeats the body.
    assertThat(report.repeatedSteps()).hasSize(2)
        .allSatisfy((point, steps) -> assertThat(point.moment()).isEqualTo(CrashPoint.Moment.BEFORE_COMMIT));
    assertThatThrownBy(report::assertOnlyIdempotentStepsRepeat).isInstanceOf(AssertionError.class)
        .hasMessageContaining("step 'send' ran 3 times (uninterrupted: 2)");
  }

  @Test
  void inChildJvm_needsAScenarioItCanConstruct() {
    assertThatThrownBy(() -> CrashTester.inChildJvm(Placing.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("public no-argument constructor");
  }
}
