package dev.durable.postgres;

import static dev.durable.postgres.TestStores.completed;
import static dev.durable.postgres.TestStores.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.LeaseLostException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's contract where several processes meet: claims, fences, ready runs, deletion, events, notifications. */
class PostgresStoreTest {
  private static final long NOW = 1_000_000;
  private static final long LEASE = NOW + 60_000;
  /** Every owner is alive except "gone". */
  private static final OwnerLiveness LIVENESS = owner -> !owner.equals("gone");

  private final EmbeddedServer server = EmbeddedServer.get();
  private String database;
  private WorkflowStore a;
  private WorkflowStore b;

  @BeforeEach
  void open() {
    database = server.newDatabase();
    a = TestStores.open(server.url(database), LIVENESS);
    b = TestStores.open(server.url(database), LIVENESS);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void renewingLeases_extendsOnlyTheRunsNamed_soARunItNoLongerExecutesIsTakenOver() {
    a.claim(run("running"), "owner-a", NOW, NOW + 1_000, true);
    a.claim(run("stranded"), "owner-a", NOW, NOW + 1_000, true);
    a.renewLeases("owner-a", List.of("running"), LEASE);

    assertThat(a.find("running").orElseThrow().leaseExpiresAt()).isEqualTo(LEASE);
    assertThat(a.find("stranded").orElseThrow().leaseExpiresAt()).isEqualTo(NOW + 1_000);
    assertThat(b.claim(run("stranded"), "owner-b", NOW + 2_000, LEASE, false).kind()).isEqualTo(Claim.Kind.RESUMED);
    assertThat(b.claim(run("running"), "owner-b", NOW + 2_000, LEASE, false).kind()).isEqualTo(Claim.Kind.BUSY);
  }

  @Test
  void twoWorkersClaimingOneRunAtOnce_oneGetsIt_theOtherFindsItBusy() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 10; i++) {
        String id = "race-" + i;
        a.enqueue(run(id), NOW);
        CountDownLatch go = new CountDownLatch(1);
        Future<Claim> byA = threads.submit(() -> {
          go.await();
          return a.claim(run(id), "owner-a", NOW, LEASE, false);
        });
        Future<Claim> byB = threads.submit(() -> {
          go.await();
          return b.claim(run(id), "owner-b", NOW, LEASE, false);
        });
        go.countDown();
        List<Claim.Kind> kinds = List.of(byA.get(30, TimeUnit.SECONDS).kind(), byB.get(30, TimeUnit.SECONDS).kind());
        assertThat(kinds).as(id).containsExactlyInAnyOrder(Claim.Kind.STARTED, Claim.Kind.BUSY);
        assertThat(a.find(id).orElseThrow().runs()).isEqualTo(1);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void anOwnerWhoseLeaseExpiredAndWasTakenOver_canRecordNothingMore() {
    a.claim(run("w"), "owner-a", NOW, NOW + 10, true);
    a.stepFinished("w", "owner-a", completed("1", "\"a\""));
    Claim taken = b.claim(run("w"), "owner-b", NOW + 100, NOW + 60_000, true);
    assertThat(taken.kind()).isEqualTo(Claim.Kind.RESUMED);

    assertThatThrownBy(() -> a.stepFinished("w", "owner-a", completed("2", "\"late\"")))
        .isInstanceOf(LeaseLostException.class).hasMessageContaining("owner-b does");
    // A start is only a label, written in the background: the late owner's is dropped, not recorded.
    a.stepStarted("w", "owner-a", new StepRecord("3", "late", StepStatus.STARTED, 1, null, NOW, null));
    assertThatThrownBy(() -> a.workflowFinished("w", "owner-a", WorkflowStatus.COMPLETED, "\"late\"", List.of(), NOW))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> a.suspend("w", "owner-a", Long.MAX_VALUE, List.of(), NOW))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> a.consumeEvent("w", "owner-a", 1, completed("2", "\"e\"")))
        .isInstanceOf(LeaseLostException.class);

    b.stepFinished("w", "owner-b", completed("2", "\"b\""));
    b.workflowFinished("w", "owner-b", WorkflowStatus.COMPLETED, "\"done\"", List.of(), NOW);
    assertThat(a.history("w")).extracting(s -> s.outputJson()).containsExactlyInAnyOrder("\"a\"", "\"b\"");
    assertThat(a.history("w")).extracting(StepRecord::position).doesNotContain("3");
    assertThat(a.find("w").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void readySkipsARunAnotherTransactionHasLocked_andOffersItOnceReleased() throws Exception {
    a.enqueue(run("free"), NOW);
    a.enqueue(run("locked"), NOW);
    try (Connection c = server.dataSource(database).getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SELECT 1 FROM durable.durable_workflows WHERE workflow_id = 'locked' FOR UPDATE");
      assertThat(b.ready(NOW, NOW, 10, Set.of())).extracting(WorkflowRecord::workflowId).containsExactly("free");
      c.rollback();
    }
    assertThat(b.ready(NOW, NOW, 10, Set.of())).extracting(WorkflowRecord::workflowId)
        .containsExactlyInAnyOrder("free", "locked");
    assertThat(b.ready(NOW, NOW, 10, Set.of("free"))).extracting(WorkflowRecord::workflowId).containsExactly("locked");
  }

  @Test
  void readyOffersRunningRunsOfGoneOwnersAndExpiredLeases_notThoseOfLiveOnes() {
    a.claim(run("of-gone"), "gone", NOW, LEASE, true);
    a.claim(run("expired"), "slow", NOW, NOW + 10, true);
    a.claim(run("held"), "busy", NOW, LEASE, true);
    assertThat(b.ready(NOW + 100, NOW + 100, 10, Set.of())).extracting(WorkflowRecord::workflowId)
        .containsExactlyInAnyOrder("of-gone", "expired");
    assertThat(b.claim(run("of-gone"), "owner-b", NOW + 100, LEASE, false).kind()).isEqualTo(Claim.Kind.RESUMED);
    assertThat(b.claim(run("held"), "owner-b", NOW + 100, LEASE, false).kind()).isEqualTo(Claim.Kind.BUSY);
  }

  @Test
  void deleteRefusesARunAnotherLiveEngineHolds_andRemovesOneNobodyHolds() {
    a.claim(run("held"), "owner-a", NOW, LEASE, true);
    assertThat(b.delete("held", "owner-b", NOW).liveOwner()).isEqualTo("owner-a");
    assertThat(b.find("held")).isPresent();
    a.stepFinished("held", "owner-a", completed("1", "1"));
    a.sendEvent("held", "ping", "1", "java.lang.Integer", NOW);
    a.release("held", "owner-a", 0, NOW);
    assertThat(b.delete("held", "owner-b", NOW).deleted()).isTrue();
    assertThat(b.find("held")).isEmpty();
    assertThat(b.history("held")).isEmpty();
    assertThat(b.events("held")).isEmpty();
    assertThat(b.delete("held", "owner-b", NOW).existed()).isFalse();
  }

  @Test
  void anEventIsConsumedOnce_andASuspensionSeesOneThatCameWhileTheRunRan() {
    a.claim(run("w"), "owner-a", NOW, LEASE, true);
    assertThat(b.sendEvent("w", "approval", "\"yes\"", "java.lang.String", NOW).stored()).isTrue();
    assertThat(a.suspend("w", "owner-a", Long.MAX_VALUE, List.of(WaitKeys.event("approval")), NOW + 5))
        .as("due at once: the event is there").isEqualTo(NOW + 5);
    a.claim(run("w"), "owner-a", NOW + 5, LEASE, false);
    StoredEvent event = a.nextEvent("w", "approval").orElseThrow();
    assertThat(a.consumeEvent("w", "owner-a", event.seq(), completed("1", "\"yes\""))).isTrue();
    assertThat(a.consumeEvent("w", "owner-a", event.seq(), completed("2", "\"yes\""))).isFalse();
    assertThat(a.nextEvent("w", "approval")).isEmpty();
    assertThat(a.events("w")).singleElement().satisfies(e -> assertThat(e.consumedBy()).isEqualTo("1"));
  }

  @Test
  void aWaitingRunIsWokenByItsEvent_andByItsChildFinishing() {
    a.claim(run("parent"), "owner-a", NOW, LEASE, true);
    WorkflowRecord child = a.startChild("parent", "owner-a", completed("1", "null"), run("child"), NOW);
    assertThat(child.parentId()).isEqualTo("parent");
    assertThat(a.suspend("parent", "owner-a", Long.MAX_VALUE, List.of(WaitKeys.child("child")), NOW))
        .isEqualTo(Long.MAX_VALUE);
    b.claim(run("child"), "owner-b", NOW, LEASE, false);
    b.workflowFinished("child", "owner-b", WorkflowStatus.COMPLETED, "\"ok\"", List.of(), NOW + 7);
    assertThat(a.find("parent").orElseThrow().wakeAt()).isEqualTo(NOW + 7);

    a.claim(run("parent"), "owner-a", NOW + 7, LEASE, false);
    a.suspend("parent", "owner-a", Long.MAX_VALUE, List.of(WaitKeys.event("go")), NOW + 8);
    assertThat(b.sendEvent("parent", "other", "1", null, NOW + 9).woken()).isFalse();
    assertThat(b.sendEvent("parent", "go", "1", null, NOW + 10).woken()).isTrue();
    assertThat(a.find("parent").orElseThrow().wakeAt()).isEqualTo(NOW + 10);
  }

  @Test
  void aCancellationReachesTheWholeUnfinishedChildTree() {
    a.claim(run("root"), "owner-a", NOW, LEASE, true);
    a.startChild("root", "owner-a", completed("1", "null"), run("kid"), NOW);
    b.claim(run("kid"), "owner-b", NOW, LEASE, false);
    b.startChild("kid", "owner-b", completed("1", "null"), run("grandkid"), NOW);
    b.startChild("kid", "owner-b", completed("2", "null"), run("done-kid"), NOW);
    a.claim(run("done-kid"), "owner-a", NOW, LEASE, false);
    a.workflowFinished("done-kid", "owner-a", WorkflowStatus.COMPLETED, "1", List.of(), NOW);

    assertThat(a.requestCancel("root", NOW + 1).orElseThrow().cancelRequested()).isTrue();
    assertThat(a.find("kid").orElseThrow().cancelRequested()).isTrue();
    WorkflowRecord grandkid = a.find("grandkid").orElseThrow();
    assertThat(grandkid.cancelRequested()).isTrue();
    assertThat(grandkid.wakeAt()).as("nobody holds it: due at once").isEqualTo(NOW + 1);
    assertThat(a.find("done-kid").orElseThrow().cancelRequested()).isFalse();
    assertThat(b.cancelRequested("owner-b")).containsExactly("kid");
  }

  @Test
  void anotherStoresEnqueueNudgesTheListener_evenAfterItsConnectionWasCut() throws Exception {
    Semaphore nudges = new Semaphore(0);
    a.onReadyElsewhere(nudges::release);
    b.enqueue(run("first"), NOW);
    assertThat(nudges.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

    int listener = listenerPid();
    server.sql(database, "SELECT pg_terminate_backend(" + listener + ")");
    // After reconnecting it nudges once for what it may have missed, then hears notifications again.
    assertThat(nudges.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(listenerPid()).isNotEqualTo(listener);
    nudges.drainPermits();
    b.enqueue(run("second"), NOW);
    assertThat(nudges.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
  }

  /** The backend of the connection that listens for this database's notifications. */
  private int listenerPid() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<Integer> pids = new ArrayList<>();
      try (Connection c = server.dataSource(database).getConnection(); Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
              + " AND query LIKE 'LISTEN %'")) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
      if (pids.size() == 1) {
        return pids.get(0);
      }
      assertThat(System.nanoTime()).as("one listening connection, found %s", pids).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
  }
}
