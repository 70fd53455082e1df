package dev.durable.sample.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import dev.durable.testing.CrashReport;
import dev.durable.testing.CrashScenario;
import dev.durable.testing.CrashTester;
import dev.durable.testing.DurableExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The onboarding tested with {@code durable-testing}, as an application's own tests would: days of
 * shipping, escalation and reminder delays skipped in milliseconds, and a crash at every commit of
 * its history (the laptop child's included) recovering the uninterrupted result.
 */
class OnboardingKitTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final NewHire ADA = new NewHire("E7", "Ada Lovelace", "ada@example.com", "Engineer");
  private static final Schedule SCHEDULE = new Schedule(2 * DAY, 3 * DAY, 7 * DAY);

  @TempDir Path dir;

  /** The sample's fake services, without delays or crash plan, writing to a ledger of this test. */
  private FakeServices services(String ledger) {
    return new FakeServices(new EffectsLedger(dir.resolve(ledger)), new CrashPlan(0, 0), 0);
  }

  @RegisterExtension
  final DurableExtension durable = DurableExtension.configure(b -> {
    FakeServices services = services("extension-ledger");
    b.register(OnboardingWorkflow.class, services).register(LaptopWorkflow.class, services);
  });

  @Test
  void aWeekOfShippingAndReminders_isSkipped_whileTheTestWaitsForTheResult() {
    Instant start = durable.clock().instant();
    WorkflowHandle<OnboardingResult> run =
        durable.engine().start(OnboardingWorkflow.class, "onboarding-E7", w -> w.onboard(ADA, SCHEDULE));
    durable.engine().sendEvent("onboarding-E7", OnboardingWorkflow.APPROVAL, new ManagerApproval("maria"));

    OnboardingResult result = durable.result(run);

    assertThat(result.approvedBy()).isEqualTo("maria");
    assertThat(result.reminderMessageId()).isNotBlank();
    // The laptop's two days of shipping, then the reminder's week.
    assertThat(durable.clock().instant()).isEqualTo(start.plus(Duration.ofDays(9)));
  }

  @Test
  void aCrashAtAnyCommit_recoversTheUninterruptedResult() {
    int[] scenarios = {0};
    CrashReport report = CrashTester.of(() -> new CrashScenario() {
      final FakeServices services = services("crash-ledger-" + ++scenarios[0]);

      @Override
      public void configure(DurableEngine.Builder builder) {
        builder.register(OnboardingWorkflow.class, services).register(LaptopWorkflow.class, services);
      }

      @Override
      public void start(DurableEngine engine, String workflowId) {
        engine.start(OnboardingWorkflow.class, workflowId, w -> w.onboard(ADA, SCHEDULE));
        engine.sendEvent(workflowId, OnboardingWorkflow.APPROVAL, new ManagerApproval("maria"));
      }
    }).crashAtEveryStep();
    System.out.println(report);

    report.assertEveryCrashRecovers()
        // The fake services derive every result from their input, as idempotent services would.
        .assertOnlyIdempotentStepsRepeat("createRecord", "provisionAccess", "provisionLaptop", "sendWelcomeEmail",
            "sendReminder");
    // The onboarding's own steps and the laptop child's: every one crashed before and after its commit.
    assertThat(report.outcomes()).extracting(o -> o.point().workflowId()).contains("crash-test", "crash-test-laptop");
    assertThat(report.outcomes()).allMatch(o -> o.reached());
  }

}
