package dev.durable.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.Durability;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.NewWorkflow;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims that must not create or wake a run. */
class ClaimTest {
  @TempDir Path dir;

  private static NewWorkflow run(String id) {
    return new NewWorkflow(id, "Flow", "x.Flow", "run()", "[]", null);
  }

  @Test
  void aWorkersClaimOfARunThatWasForgotten_recordsNothing() {
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(dir.resolve("c.db"), Durability.SURVIVES_PROCESS_CRASH,
        Duration.ofSeconds(5), false, owner -> true)) {
      assertThat(store.claim(run("gone"), "worker", 0, Long.MAX_VALUE, false).kind()).isEqualTo(Claim.Kind.ABSENT);
      assertThat(store.find("gone")).as("a worker's stale record must not bring a forgotten run back").isEmpty();
      assertThat(store.claim(run("new"), "caller", 0, Long.MAX_VALUE, true).kind()).isEqualTo(Claim.Kind.STARTED);
    }
  }

  @Test
  void aCancelledRunThatSleepsAgain_isDueOnItsTimer_notAtEveryPoll() {
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(dir.resolve("d.db"), Durability.SURVIVES_PROCESS_CRASH,
        Duration.ofSeconds(5), false, owner -> true)) {
      store.claim(run("w"), "a", 0, Long.MAX_VALUE, true);
      store.requestCancel("w", 0);
      store.cancellationDelivered("w", "a", "2");
      store.suspend("w", "a", 3_600_000, java.util.List.of(), 0);
      assertThat(store.ready(1_000, 2_000, 10, java.util.Set.of())).as("delivered: its own timer counts again").isEmpty();
      assertThat(store.claim(run("w"), "b", 1_000, Long.MAX_VALUE, false).kind()).isEqualTo(Claim.Kind.WAITING);
      store.requestCancel("w", 1_000);
      assertThat(store.ready(1_000, 2_000, 10, java.util.Set.of())).as("still delivered once; the request changes nothing")
          .isEmpty();
    }
  }

  @Test
  void aRunGivenBackAfterAnEngineError_keepsItsRetryTime_evenWhenCancelled() {
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(dir.resolve("e.db"), Durability.SURVIVES_PROCESS_CRASH,
        Duration.ofSeconds(5), false, owner -> true)) {
      store.claim(run("w"), "a", 0, Long.MAX_VALUE, true);
      store.release("w", "a", 60_000, 0);
      store.requestCancel("w", 1_000);
      // requestCancel makes a run nobody holds due at once, once; a divergence then gives it back again.
      assertThat(store.ready(1_000, 2_000, 10, java.util.Set.of())).hasSize(1);
      store.claim(run("w"), "a", 1_000, Long.MAX_VALUE, false);
      store.release("w", "a", 61_000, 1_000);
      assertThat(store.ready(2_000, 3_000, 10, java.util.Set.of())).as("the retry time counts again").isEmpty();
      assertThat(store.ready(2_000, 3_000, 10, java.util.Set.of("w"))).isEmpty();
    }
  }

  @Test
  void renewingLeases_extendsOnlyTheRunsNamed_soARunItNoLongerExecutesIsTakenOver() {
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(dir.resolve("r.db"), Durability.SURVIVES_PROCESS_CRASH,
        Duration.ofSeconds(5), false, owner -> true)) {
      store.claim(run("running"), "a", 0, 1_000, true);
      store.claim(run("stranded"), "a", 0, 1_000, true);
      store.renewLeases("a", java.util.List.of("running"), 60_000);

      assertThat(store.find("running").orElseThrow().leaseExpiresAt()).isEqualTo(60_000);
      assertThat(store.find("stranded").orElseThrow().leaseExpiresAt()).isEqualTo(1_000);
      assertThat(store.ready(2_000, 2_000, 10, java.util.Set.of())).extracting(r -> r.workflowId())
          .containsExactly("stranded");
      assertThat(store.claim(run("stranded"), "b", 2_000, 62_000, false).kind()).isEqualTo(Claim.Kind.RESUMED);
    }
  }
}
