package dev.durable.postgres;

import static dev.durable.postgres.TestStores.completed;
import static dev.durable.postgres.TestStores.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableStoreException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowStore;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A commit whose connection broke after the server committed it is retried, and the retry finds
 * its first attempt's write instead of writing it twice or refusing it as someone else's.
 */
class PostgresRetryTest {
  private static final long NOW = 1_000_000;
  private static final long LEASE = NOW + 60_000;

  private final EmbeddedServer server = EmbeddedServer.get();
  private BreakingCommits dataSource;
  private WorkflowStore store;

  @BeforeEach
  void open() {
    dataSource = new BreakingCommits(server.dataSource(server.newDatabase()));
    store = TestStores.open(dataSource, owner -> true);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void breakNextCommit() {
    dataSource.breakNextCommits(1);
  }

  @Test
  void aClaimCountsOnce_andStaysAStart() {
    breakNextCommit();
    Claim claim = store.claim(run("w"), "me", NOW, LEASE, true);
    assertThat(dataSource.broken()).isEqualTo(1);
    assertThat(claim.kind()).isEqualTo(Claim.Kind.STARTED);
    assertThat(claim.record().runs()).isEqualTo(1);

    store.release("w", "me", 0, NOW);
    breakNextCommit();
    Claim resumed = store.claim(run("w"), "me", NOW, LEASE + 1, false);
    assertThat(resumed.kind()).isEqualTo(Claim.Kind.RESUMED);
    assertThat(resumed.record().runs()).isEqualTo(2);
  }

  @Test
  void anEventIsStoredOnce_andConsumedOnce() {
    store.claim(run("w"), "me", NOW, LEASE, true);
    breakNextCommit();
    EventDelivery delivery = store.sendEvent("w", "approval", "\"yes\"", "java.lang.String", NOW);
    assertThat(delivery.stored()).isTrue();
    assertThat(store.events("w")).hasSize(1);

    StoredEvent event = store.nextEvent("w", "approval").orElseThrow();
    breakNextCommit();
    assertThat(store.consumeEvent("w", "me", event.seq(), completed("1", "\"yes\""))).isTrue();
    assertThat(store.events("w")).singleElement().satisfies(e -> assertThat(e.consumedBy()).isEqualTo("1"));
    assertThat(store.history("w")).hasSize(1);
    assertThat(dataSource.broken()).isEqualTo(2);
  }

  @Test
  void aRunsEventToAnotherIsSentOnce() {
    store.claim(run("sender"), "me", NOW, LEASE, true);
    store.enqueue(run("target"), NOW);
    breakNextCommit();
    assertThat(store.sendEventFromRun("sender", "me", completed("1", "{}"), "target", "item", "1", null, NOW).stored())
        .isTrue();
    assertThat(store.events("target")).hasSize(1);
    assertThat(store.history("sender")).hasSize(1);
  }

  @Test
  void stepsSuspensionReleaseAndOutcomeAreRecognisedAsDone() {
    store.claim(run("w"), "me", NOW, LEASE, true);
    breakNextCommit();
    store.stepFinished("w", "me", completed("1", "\"a\""));
    assertThat(store.history("w")).hasSize(1);

    breakNextCommit();
    assertThat(store.suspend("w", "me", NOW + 500, List.of(WaitKeys.event("go")), NOW)).isEqualTo(NOW + 500);
    assertThat(store.find("w").orElseThrow().status()).isEqualTo(WorkflowStatus.WAITING);

    store.claim(run("w"), "me", NOW + 500, LEASE, false);
    breakNextCommit();
    store.release("w", "me", 0, NOW);
    assertThat(store.find("w").orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);

    store.claim(run("w"), "me", NOW, LEASE, false);
    breakNextCommit();
    store.workflowFinished("w", "me", WorkflowStatus.COMPLETED, "\"done\"", List.of(), NOW);
    assertThat(store.find("w").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(dataSource.broken()).isEqualTo(4);
  }

  @Test
  void aDeletionReportsTheRunDeleted() {
    store.enqueue(run("w"), NOW);
    breakNextCommit();
    assertThat(store.delete("w", "me", NOW).deleted()).isTrue();
    assertThat(store.find("w")).isEmpty();
  }

  @Test
  void aConnectionThatKeepsBreakingIsReportedAfterTheLockTimeout_sayingTheOutcomeMayBeUnknown() {
    dataSource.breakNextCommits(Integer.MAX_VALUE);
    Assertions.assertThatThrownBy(() -> store.enqueue(run("w"), NOW))
        .isInstanceOf(DurableStoreException.class)
        .hasMessageContaining("broke while recording the start of workflow 'w'")
        .hasMessageContaining("may or may not be committed");
    dataSource.breakNextCommits(0);
    assertThat(store.find("w")).as("enqueued by the first attempt, found by the others").isPresent();
  }
}
