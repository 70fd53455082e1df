package dev.durable.cli;

import static dev.durable.cli.TestDatabase.COMPLETED;
import static dev.durable.cli.TestDatabase.FAILED;
import static dev.durable.cli.TestDatabase.T0;
import static dev.durable.cli.TestDatabase.WAITING;
import static dev.durable.cli.TestDatabase.durable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durable.DurableEngine;
import dev.durable.WorkflowCancelledException;
import dev.durable.WorkflowHandle;
import dev.durable.cli.TestDatabase.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cancel}, {@code resume} and {@code delete}: what they change, what they refuse, and that
 * an application's worker then carries out what they asked for.
 */
class CliActionsTest {
  @TempDir Path dir;
  private Path file;
  private String db;

  @BeforeEach
  void copyDatabase() throws Exception {
    file = TestDatabase.copyInto(dir);
    db = file.toString();
  }

  @Test
  void cancel_recordsTheRequest_andAWorkerEndsTheRunCancelled() {
    Run run = durable("--db", db, "cancel", WAITING);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Cancellation of workflow 'remind-bob' requested (it was WAITING).");
    assertThat(listed(WAITING).get("cancelRequested").asBoolean()).isTrue();
    assertThat(durable("--db", db, "list").out().lines().filter(l -> l.startsWith(WAITING + " ")))
        .singleElement().asString().endsWith("  cancel requested");

    // A worker whose clock says the hour's sleep has not ended: the cancellation alone wakes the run.
    try (DurableEngine worker = DurableEngine.builder(file).clock(Clock.fixed(T0.plusSeconds(300), ZoneOffset.UTC))
        .pollInterval(Duration.ofMillis(20)).build()) {
      assertThatThrownBy(() -> worker.handle(WAITING, String.class).result(Duration.ofSeconds(30)))
          .isInstanceOf(WorkflowCancelledException.class);
    }
    assertThat(listed(WAITING).get("status").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void cancel_finishedRun_failsAndChangesNothing() throws Exception {
    byte[] before = Files.readAllBytes(file);

    Run run = durable("--db", db, "cancel", COMPLETED);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("durable: Workflow 'greet-ada' has already finished (COMPLETED); nothing was changed.");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void resume_makesAFailedRunPending_andAWorkerFinishesItFromWhereItStopped() {
    Run run = durable("--db", db, "resume", FAILED);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Workflow 'pay-book' is PENDING again (it was FAILED).");
    assertThat(listed(FAILED).get("status").asText()).isEqualTo("PENDING");

    Workflows.Payment.cardsDeclined = false;
    try (DurableEngine worker = DurableEngine.builder(file).pollInterval(Duration.ofMillis(20)).build()) {
      assertThat(worker.handle(FAILED, String.class).result(Duration.ofSeconds(30))).isEqualTo("paid for reserved book");
    } finally {
      Workflows.Payment.cardsDeclined = true;
    }
    Run show = durable("--db", db, "show", FAILED);
    assertThat(show.out()).contains("Status       COMPLETED", "1    reserve  COMPLETED  1 ");
  }

  @Test
  void fork_startsANewRunFromPartOfTheHistory_andAWorkerRunsTheRest_keepingTheSource() {
    Run run = durable("--db", db, "fork", FAILED, "--from", "2", "--as", "pay-book-2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Workflow 'pay-book-2' is PENDING: a fork of 'pay-book' (FAILED), with its history"
        + " before position 2.");
    assertThat(listed("pay-book-2").get("status").asText()).isEqualTo("PENDING");
    assertThat(listed(FAILED).get("status").asText()).isEqualTo("FAILED");

    Workflows.Payment.cardsDeclined = false;
    try (DurableEngine worker = DurableEngine.builder(file).pollInterval(Duration.ofMillis(20)).build()) {
      assertThat(worker.handle("pay-book-2", String.class).result(Duration.ofSeconds(30)))
          .isEqualTo("paid for reserved book");
    } finally {
      Workflows.Payment.cardsDeclined = true;
    }
    assertThat(durable("--db", db, "show", FAILED).out()).contains("Status       FAILED");
  }

  @Test
  void fork_refusesAnIdThatExists_andChangesNothing() throws Exception {
    byte[] before = Files.readAllBytes(file);

    Run run = durable("--db", db, "fork", FAILED, "--from", "1", "--as", COMPLETED);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("durable: Cannot fork workflow 'pay-book' as 'greet-ada': a run with that id exists already");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void resume_refusesACompletedOrUnfinishedRun() {
    Run completed = durable("--db", db, "resume", COMPLETED);
    assertThat(completed.exitCode()).isEqualTo(1);
    assertThat(completed.err()).startsWith("durable: Workflow 'greet-ada' has completed; nothing was changed.");

    Run waiting = durable("--db", db, "resume", WAITING);
    assertThat(waiting.exitCode()).isEqualTo(1);
    assertThat(waiting.err()).startsWith("durable: Workflow 'remind-bob' has not finished (WAITING); nothing was changed.");
    assertThat(listed(WAITING).get("status").asText()).isEqualTo("WAITING");
  }

  @Test
  void delete_withoutYes_isAUsageError_andDeletesNothing() throws Exception {
    byte[] before = Files.readAllBytes(file);

    Run run = durable("--db", db, "delete", COMPLETED);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString()
        .contains("asks for confirmation", "delete greet-ada --yes");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void delete_withYes_removesTheRunAndItsHistory() {
    Run run = durable("--db", db, "delete", COMPLETED, "--yes");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Deleted workflow 'greet-ada' (COMPLETED, 2 recorded steps) and its history."
        + System.lineSeparator());
    assertThat(durable("--db", db, "show", COMPLETED).exitCode()).isEqualTo(1);
    assertThat(durable("--db", db, "list", "--json").out()).doesNotContain(COMPLETED).contains(FAILED);
  }

  @Test
  void delete_refusesARunThatALiveEngineIsRunning() throws Exception {
    try (DurableEngine worker = DurableEngine.builder(file).build()) {
      WorkflowHandle<String> held = worker.start(Workflows.Held.class, "held-1", Workflows.Held::hold);
      assertThat(Workflows.Held.entered.await(30, TimeUnit.SECONDS)).isTrue();

      Run run = durable("--db", db, "delete", "held-1", "--yes");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().lines()).singleElement().asString()
          .startsWith("durable: Workflow 'held-1' is being run by another live engine");
      Workflows.Held.gate.countDown();
      assertThat(held.result(Duration.ofSeconds(30))).isEqualTo("released");
    }
    assertThat(durable("--db", db, "delete", "held-1", "--yes").exitCode()).isZero();
  }

  @Test
  void actions_onAnUnknownId_fail() {
    for (List<String> action : List.of(List.of("cancel", "nobody"), List.of("resume", "nobody"),
        List.of("delete", "nobody", "--yes"))) {
      List<String> args = new ArrayList<>(List.of("--db", db));
      args.addAll(action);
      Run run = durable(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(action.toString()).isEqualTo(1);
      assertThat(run.err().lines()).as(action.toString()).singleElement().asString()
          .startsWith("durable: No workflow 'nobody' in ");
    }
  }

  /** The {@code list --json} entry of {@code workflowId}. */
  private JsonNode listed(String workflowId) {
    Run run = durable("--db", db, "list", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    try {
      for (JsonNode row : new ObjectMapper().readTree(run.out())) {
        if (row.get("workflowId").asText().equals(workflowId)) {
          return row;
        }
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError(workflowId + " is not listed: " + run.out());
  }
}
