package dev.durable;

import static dev.durable.EventsAndChildrenTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.RecordingListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ChangedCodePolicy}: a run whose code changed while it waited is held (REFUSE, or
 * PATCHES_ONLY when a change lies outside patches) until {@code resume} lets it go on, or resumed
 * (PATCHES_ONLY when every change lies inside patches). The code "changes" by changing the
 * fingerprint its hand-written descriptor reports, as a redeploy would.
 */
class ChangedCodePolicyTest extends StoreContract {
  static final List<String> RAN = new CopyOnWriteArrayList<>();

  @DurableWorkflow(name = "policy-approval")
  public static class Approval {
    @WorkflowMethod
    public String approve(String who) {
      String asked = ask(who);
      String answer = Durable.awaitEvent("answer", String.class);
      return record(asked + " -> " + answer);
    }

    @DurableStep
    public String ask(String who) {
      RAN.add("ask");
      return "asked " + who;
    }

    @DurableStep
    public String record(String outcome) {
      RAN.add("record");
      return outcome;
    }
  }

  /** Stands for the processor's descriptor; its fingerprint is what the "deployed" code reports. */
  public static final class ApprovalDescriptor implements WorkflowDescriptor {
    static volatile String fingerprint;

    @Override
    public String workflowName() {
      return "policy-approval";
    }

    @Override
    public String workflowClassName() {
      return Approval.class.getName();
    }

    @Override
    public List<String> workflowMethods() {
      return List.of("approve(java.lang.String)");
    }

    @Override
    public List<String> steps() {
      return List.of("ask=ask(java.lang.String)", "record=record(java.lang.String)");
    }

    @Override
    public String fingerprint() {
      return fingerprint;
    }
  }

  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void deployFirstVersion() {
    RAN.clear();
    ApprovalDescriptor.fingerprint = "11111111111111111111111111111111/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  }

  private DurableEngine engine(ChangedCodePolicy policy) {
    return builder("policy").onChangedCode(policy).listener(listener).pollInterval(Duration.ofMillis(20)).build();
  }

  /** Starts a run on the first version and leaves it waiting for its answer. */
  private void startAndLeaveWaiting(String id) {
    try (DurableEngine engine = engine(ChangedCodePolicy.REFUSE)) {
      WorkflowHandle<String> run = engine.start(Approval.class, id, a -> a.approve("ada"));
      awaitStatus(engine, id, WorkflowStatus.WAITING);
      assertThat(run.status()).isEqualTo(WorkflowStatus.WAITING);
    }
  }

  private static void awaitStatus(DurableEngine engine, String id, WorkflowStatus status) {
    awaitCondition(() -> engine.inspect(id).orElseThrow().status() == status, id + " " + status);
  }

  @Test
  void refuse_holdsARunWhoseCodeChanged_untilResumeLetsItGoOnWithTheNewCode() {
    startAndLeaveWaiting("p-1");
    String changed = "22222222222222222222222222222222/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    ApprovalDescriptor.fingerprint = changed;
    try (DurableEngine engine = engine(ChangedCodePolicy.REFUSE)) {
      engine.sendEvent("p-1", "answer", "yes");
      awaitHeld(engine, "p-1", changed);
      assertThat(RAN).containsExactly("ask");
      awaitWarning("Workflow 'p-1' is held: its code changed since it last ran", "policy is REFUSE");
      assertThat(engine.list(WorkflowQuery.all())).singleElement()
          .satisfies(s -> assertThat(s.waitingFor()).containsExactly("code:" + changed));
      assertThatThrownBy(() -> engine.workflow(Approval.class, "p-1").approve("ada"))
          .isInstanceOf(ChangedCodeException.class)
          .hasMessageContaining("engine.resume(id), or durable resume ID");

      WorkflowHandle<Object> resumed = engine.resume("p-1");

      assertThat(resumed.result(Duration.ofSeconds(10))).isEqualTo("asked ada -> yes");
      assertThat(RAN).containsExactly("ask", "record");
      assertThat(engine.inspect("p-1").orElseThrow().fingerprint()).isEqualTo(changed);
    }
  }

  @Test
  void patchesOnly_resumesARunWhenEveryChangeIsInsidePatches() {
    startAndLeaveWaiting("p-2");
    // The full fingerprint changed, the patch-free one did not: the change is inside Durable.patched.
    ApprovalDescriptor.fingerprint = "33333333333333333333333333333333/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    try (DurableEngine engine = engine(ChangedCodePolicy.PATCHES_ONLY)) {
      engine.sendEvent("p-2", "answer", "yes");
      assertThat(engine.handle("p-2", String.class).result(Duration.ofSeconds(10))).isEqualTo("asked ada -> yes");
    }
  }

  @Test
  void patchesOnly_holdsARunWhenAChangeIsOutsidePatches() {
    startAndLeaveWaiting("p-3");
    String changed = "44444444444444444444444444444444/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    ApprovalDescriptor.fingerprint = changed;
    try (DurableEngine engine = engine(ChangedCodePolicy.PATCHES_ONLY)) {
      engine.sendEvent("p-3", "answer", "yes");
      awaitHeld(engine, "p-3", changed);
      awaitWarning("policy is PATCHES_ONLY, which resumes a run only when every change lies inside Durable.patched");
      engine.cancel("p-3");
      assertThatThrownBy(() -> engine.handle("p-3", String.class).result(Duration.ofSeconds(10)))
          .isInstanceOf(WorkflowCancelledException.class);
      assertThat(RAN).containsExactly("ask");
    }
  }

  /** Waits for the warning the worker emits once it has held a run (just after the hold is stored). */
  private void awaitWarning(String... parts) {
    awaitCondition(() -> listener.warnings.stream().anyMatch(w -> Arrays.stream(parts).allMatch(w.message()::contains)),
        "a warning containing " + List.of(parts));
  }

  private static void awaitHeld(DurableEngine engine, String id, String fingerprint) {
    awaitCondition(() -> engine.inspect(id).orElseThrow().waitingFor().contains("code:" + fingerprint),
        id + " held for code " + fingerprint);
    assertThat(engine.inspect(id).orElseThrow().status()).isEqualTo(WorkflowStatus.WAITING);
  }

  @Test
  void aHeldRun_isLetGoByTheCodeThatLastRanIt_asAfterARollback() {
    startAndLeaveWaiting("p-4");
    String original = ApprovalDescriptor.fingerprint;
    String changed = "55555555555555555555555555555555/cccccccccccccccccccccccccccccccc";
    ApprovalDescriptor.fingerprint = changed;
    try (DurableEngine engine = engine(ChangedCodePolicy.REFUSE)) {
      engine.sendEvent("p-4", "answer", "yes");
      awaitHeld(engine, "p-4", changed);
    }
    ApprovalDescriptor.fingerprint = original;
    try (DurableEngine engine = engine(ChangedCodePolicy.REFUSE)) {
      // A call by the code that last ran it lifts the hold; so would resume() on this engine.
      assertThat(engine.workflow(Approval.class, "p-4").approve("ada")).isEqualTo("asked ada -> yes");
      assertThat(engine.inspect("p-4").orElseThrow().fingerprint()).isEqualTo(original);
    }
  }

  @Test
  void aCallerOfAThirdVersion_getsTheHoldAtOnce_insteadOfWaitingForEver() {
    startAndLeaveWaiting("p-5");
    String second = "66666666666666666666666666666666/dddddddddddddddddddddddddddddddd";
    ApprovalDescriptor.fingerprint = second;
    try (DurableEngine engine = engine(ChangedCodePolicy.REFUSE)) {
      engine.sendEvent("p-5", "answer", "yes");
      awaitHeld(engine, "p-5", second);
    }
    ApprovalDescriptor.fingerprint = "77777777777777777777777777777777/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    try (DurableEngine engine = engine(ChangedCodePolicy.REFUSE)) {
      assertThatThrownBy(() -> engine.workflow(Approval.class, "p-5").approve("ada"))
          .isInstanceOf(ChangedCodeException.class);
      assertThat(RAN).containsExactly("ask");
    }
  }

  @Test
  void aRunThatNeverRan_isNotHeld_whateverBuildRecordedIt() {
    try (DurableEngine client = builder("policy").workerThreads(0).build()) {
      client.start(Approval.class, "p-6", a -> a.approve("bob"));
      client.sendEvent("p-6", "answer", "no");
    }
    ApprovalDescriptor.fingerprint = "88888888888888888888888888888888/ffffffffffffffffffffffffffffffff";
    try (DurableEngine engine = engine(ChangedCodePolicy.REFUSE)) {
      assertThat(engine.handle("p-6", String.class).result(Duration.ofSeconds(10))).isEqualTo("asked bob -> no");
    }
  }

  @Test
  void aFingerprintRecordedBeforeThePatchFreePart_isTheSameCodeIfItsFullPartIs() {
    // As the processor wrote it before fingerprints had a patch-free part.
    ApprovalDescriptor.fingerprint = "11111111111111111111111111111111";
    startAndLeaveWaiting("p-7");
    ApprovalDescriptor.fingerprint = "11111111111111111111111111111111/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    try (DurableEngine engine = engine(ChangedCodePolicy.PATCHES_ONLY)) {
      engine.sendEvent("p-7", "answer", "yes");
      assertThat(engine.handle("p-7", String.class).result(Duration.ofSeconds(10))).isEqualTo("asked ada -> yes");
      assertThat(listener.warnings).noneMatch(w -> w.kind() == DurableWarning.Kind.CODE_CHANGED);
    }
  }

  @Test
  void cancellingAHeldRun_runsTheNewCodeForItsCompensation_withoutApprovingIt() {
    startAndLeaveWaiting("p-8");
    String recorded = ApprovalDescriptor.fingerprint;
    String changed = "99999999999999999999999999999999/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    ApprovalDescriptor.fingerprint = changed;
    try (DurableEngine engine = engine(ChangedCodePolicy.REFUSE)) {
      engine.sendEvent("p-8", "answer", "yes");
      awaitHeld(engine, "p-8", changed);
      engine.cancel("p-8");
      assertThatThrownBy(() -> engine.handle("p-8", String.class).result(Duration.ofSeconds(10)))
          .isInstanceOf(WorkflowCancelledException.class);
      assertThat(engine.inspect("p-8").orElseThrow().fingerprint()).isEqualTo(recorded);
    }
  }
}
