package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.EventInfo;
import dev.durable.StepInfo;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowStatus;
import dev.durable.testing.ChildJvm;
import dev.durable.testing.EventWorker;
import dev.durable.testing.EventWorkflows;
import dev.durable.testing.FileLedger;
import dev.durable.testing.LiveChild;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events and child workflows across processes killed -9: each event is consumed exactly once and in
 * order, whoever sends it and whenever the receiver dies; a timeout that passes while nobody runs
 * wins over an event that comes later; a parent killed while its children run resumes waiting for
 * the same children, whose steps run once; a child's failure reaches the parent, which compensates.
 */
class EventsAcrossProcessesTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("events.db");
  }

  private Path ledgerFile() {
    return dir.resolve("ledger");
  }

  private LiveChild startWaiting(String mode, String id, String arg) throws InterruptedException {
    LiveChild child = arg == null
        ? LiveChild.start(EventWorker.class, db().toString(), ledgerFile().toString(), mode, id)
        : LiveChild.start(EventWorker.class, db().toString(), ledgerFile().toString(), mode, id, arg);
    child.await("#WAITING " + id, 60_000);
    return child;
  }

  /** Sends from another process, through a client-only engine. */
  private void sendFromAnotherProcess(String mode, String id, String name, String payload) throws Exception {
    ChildJvm.Exit exit = ChildJvm.run(EventWorker.class, db().toString(), ledgerFile().toString(), mode, id, name, payload);
    assertThat(exit.code()).as("sender output: %s", exit.output()).isZero();
    assertThat(exit.output()).contains("#SENT " + id);
  }

  private DurableEngine worker(FileLedger ledger) {
    return DurableEngine.builder(db()).pollInterval(Duration.ofMillis(200))
        .register(EventWorkflows.Approval.class, ledger).register(EventWorkflows.Collector.class, ledger)
        .register(EventWorkflows.Provision.class, ledger).register(EventWorkflows.Parent.class, ledger)
        .register(EventWorkflows.StockCheck.class, ledger).register(EventWorkflows.Saga.class, ledger)
        .build();
  }

  @Test
  void anEventSentWhileTheReceiverIsDead_isConsumedAfterItsRestart_once() throws Exception {
    try (LiveChild receiver = startWaiting("approve", "a1", "0")) {
      receiver.kill();
    }
    sendFromAnotherProcess("send", "a1", "approval", "maria");
    FileLedger ledger = new FileLedger(ledgerFile());
    try (DurableEngine engine = worker(ledger)) {
      assertThat(engine.handle("a1", String.class).result(Duration.ofSeconds(60))).isEqualTo("a1 approved by maria");
      assertThat(engine.inspect("a1").orElseThrow().events()).singleElement().satisfies(e -> assertThat(e.consumed()).isTrue());
    }
    assertThat(ledger.lines()).extracting(l -> l.split(" ")[1]).containsExactly("prepare", "finish");
  }

  @Test
  void anEventSentBeforeTheRunStarts_withTheStart_isConsumedByItsAwait() throws Exception {
    sendFromAnotherProcess("send-with-start", "w1", "approval", "webhook");
    FileLedger ledger = new FileLedger(ledgerFile());
    assertThat(ledger.lines()).as("the client-only sender ran nothing").isEmpty();
    try (DurableEngine engine = worker(ledger)) {
      assertThat(engine.handle("w1", String.class).result(Duration.ofSeconds(60))).isEqualTo("w1 approved by webhook");
    }
    assertThat(ledger.lines()).extracting(l -> l.split(" ")[1]).containsExactly("prepare", "finish");
  }

  @Test
  void manyEventsOfOneName_areConsumedInOrder_eachOnce_acrossAKill() throws Exception {
    FileLedger ledger = new FileLedger(ledgerFile());
    try (LiveChild receiver = startWaiting("collect", "c1", "6");
        DurableEngine client = DurableEngine.builder(db()).clientOnly().build()) {
      for (int i = 1; i <= 3; i++) {
        client.sendEvent("c1", "item", "e" + i);
      }
      receiver.await("#CONSUMED 2", 60_000);
      receiver.kill();
      for (int i = 4; i <= 6; i++) {
        client.sendEvent("c1", "item", "e" + i);
      }
    }
    try (DurableEngine engine = worker(ledger)) {
      assertThat(engine.handle("c1", List.class).result(Duration.ofSeconds(60)))
          .isEqualTo(List.of("e1", "e2", "e3", "e4", "e5", "e6"));
      List<EventInfo> events = engine.inspect("c1").orElseThrow().events();
      assertThat(events).extracting(EventInfo::payloadJson)
          .containsExactly("\"e1\"", "\"e2\"", "\"e3\"", "\"e4\"", "\"e5\"", "\"e6\"");
      assertThat(events).allMatch(EventInfo::consumed);
      assertThat(events.stream().map(EventInfo::consumedAt).distinct()).hasSize(6);
    }
    // A got-step may run twice only if the kill came inside its body; the awaits never do.
    assertThat(ledger.lines()).extracting(l -> l.split(" ")[1]).containsSubsequence("got-e1", "got-e2", "got-e3",
        "got-e4", "got-e5", "got-e6");
    assertThat(ledger.lines()).extracting(l -> l.split(" ")[1]).filteredOn(s -> !s.equals("got-e3") && !s.equals("got-e2"))
        .doesNotHaveDuplicates();
  }

  @Test
  void aTimeoutThatPassesWhileTheProcessIsDown_winsOverALaterEvent_whichStaysBuffered() throws Exception {
    long deadline;
    try (LiveChild receiver = startWaiting("approve", "t1", "1500")) {
      receiver.kill();
    }
    try (DurableEngine client = DurableEngine.builder(db()).clientOnly().build()) {
      deadline = Long.parseLong(client.inspect("t1").orElseThrow().steps().stream()
          .filter(s -> s.stepName().equals("Durable.awaitEvent.deadline")).findFirst().orElseThrow().outputJson());
      while (System.currentTimeMillis() <= deadline) {
        Thread.sleep(Math.max(1, deadline - System.currentTimeMillis() + 1));
      }
      client.sendEvent("t1", "approval", "too-late");
    }
    FileLedger ledger = new FileLedger(ledgerFile());
    try (DurableEngine engine = worker(ledger)) {
      assertThat(engine.handle("t1", String.class).result(Duration.ofSeconds(60))).isEqualTo("t1 escalated");
      WorkflowInfo info = engine.inspect("t1").orElseThrow();
      assertThat(info.events()).singleElement().satisfies(e -> assertThat(e.consumed()).isFalse());
      assertThat(info.steps()).filteredOn(s -> s.stepName().equals("Durable.awaitEvent(approval)"))
          .singleElement().satisfies(s -> assertThat(s.outputJson()).contains("\"timedOut\":true"));
    }
    assertThat(ledger.lines()).extracting(l -> l.split(" ")[1]).containsExactly("prepare", "escalate");
  }

  @Test
  void aParentKilledWhileTwoChildrenRunInParallel_completes_eachChildStepOnce() throws Exception {
    long killed;
    try (LiveChild parent = startWaiting("parent", "p1", "2000")) {
      killed = parent.pid();
      parent.kill();
    }
    FileLedger ledger = new FileLedger(ledgerFile());
    try (DurableEngine engine = worker(ledger)) {
      assertThat(engine.handle("p1", String.class).result(Duration.ofSeconds(60)))
          .isEqualTo("p1: laptop delivered, badge delivered");
      assertThat(engine.inspect("p1-laptop").orElseThrow().parentWorkflowId()).isEqualTo("p1");
      assertThat(engine.inspect("p1").orElseThrow().steps()).extracting(StepInfo::stepName)
          .filteredOn(n -> n.startsWith("Durable.startChild")).hasSize(2);
    }
    long self = ProcessHandle.current().pid();
    assertThat(ledger.lines()).containsExactlyInAnyOrder(
        "p1-laptop order " + killed, "p1-badge order " + killed,
        "p1-laptop deliver " + self, "p1-badge deliver " + self, "p1 welcome " + self);
  }

  @Test
  void aChildsFailure_caughtByTheParent_isCompensated_afterAKill() throws Exception {
    try (LiveChild saga = startWaiting("saga", "s1", null)) {
      saga.kill();
    }
    sendFromAnotherProcess("send", "s1-stock", "stock", "none");
    FileLedger ledger = new FileLedger(ledgerFile());
    try (DurableEngine engine = worker(ledger)) {
      assertThat(engine.handle("s1", String.class).result(Duration.ofSeconds(60)))
          .isEqualTo("compensated: no laptop in stock");
      assertThat(engine.inspect("s1-stock").orElseThrow().status()).isEqualTo(WorkflowStatus.FAILED);
      assertThat(engine.inspect("s1").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
    }
    assertThat(ledger.lines()).extracting(l -> l.split(" ")[1]).containsExactly("reserve", "confirm", "release");
  }
}
