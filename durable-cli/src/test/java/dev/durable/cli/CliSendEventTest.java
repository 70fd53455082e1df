package dev.durable.cli;

import static dev.durable.cli.TestDatabase.durable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.Durable;
import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.cli.TestDatabase.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code send-event}: the event reaches the run's await through an application's worker; bad input sends nothing. */
class CliSendEventTest {
  @TempDir Path dir;

  /** Waits for an approval; the payload is read as this record. */
  public record Decision(String approver, boolean approved) {}

  @DurableWorkflow
  public static class Approval {
    @WorkflowMethod
    public String decide(String request) {
      Decision d = Durable.awaitEvent("approval", Decision.class);
      return request + (d.approved() ? " approved by " : " rejected by ") + d.approver();
    }
  }

  @Test
  void sendEvent_storesTheEvent_listShowsWhatTheRunWaitsFor_andTheRunFinishes() throws Exception {
    Path file = dir.resolve("approvals.db");
    try (DurableEngine app = DurableEngine.builder(file).pollInterval(Duration.ofMillis(20)).build()) {
      WorkflowHandle<String> run = app.start(Approval.class, "req-7", w -> w.decide("req-7"));
      while (run.status() != WorkflowStatus.WAITING) {
        Thread.onSpinWait();
      }
      Run list = durable("--db", file.toString(), "list");
      assertThat(list.out().lines().filter(l -> l.startsWith("req-7 "))).singleElement().asString()
          .endsWith("event 'approval'");

      assertThat(durable("--db", file.toString(), "show", "req-7").out())
          .containsPattern("(?m)^Waiting for +event 'approval'$");
      Run sent = durable("--db", file.toString(), "send-event", "req-7", "approval",
          "{\"approver\":\"maria\",\"approved\":true}");

      assertThat(sent.exitCode()).as(sent.err()).isZero();
      assertThat(sent.out()).startsWith("Event 'approval' stored for workflow 'req-7' (it was WAITING).");
      assertThat(run.result(Duration.ofSeconds(30))).isEqualTo("req-7 approved by maria");
    }
    Run show = durable("--db", file.toString(), "show", "req-7");
    assertThat(show.out()).containsPattern("(?m)^1 +approval +\\S+ +step 1 +\\{\"approver\":\"maria\"");
    Run history = durable("--db", file.toString(), "history", "req-7", "--json");
    assertThat(history.out()).contains("\"events\" : [", "\"name\" : \"approval\"", "\"consumedAt\" : \"1\"");
  }

  @Test
  void sendEvent_refusesBadJson_anUnknownRun_andACompletedOne_storingNothing() throws Exception {
    Path file = dir.resolve("approvals.db");
    try (DurableEngine app = DurableEngine.builder(file).workerThreads(0).build()) {
      app.start(Approval.class, "req-8", w -> w.decide("req-8"));
    }
    byte[] before = Files.readAllBytes(file);

    Run badJson = durable("--db", file.toString(), "send-event", "req-8", "approval", "{approver: maria}");
    assertThat(badJson.exitCode()).isEqualTo(2);
    assertThat(badJson.err().lines()).singleElement().asString().startsWith("durable: The payload is not valid JSON");

    Run unknown = durable("--db", file.toString(), "send-event", "nobody", "approval", "true");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().lines()).singleElement().asString().startsWith("durable: No workflow 'nobody'");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (DurableEngine client = DurableEngine.builder(file).clientOnly().build()) {
      assertThat(client.inspect("req-8").orElseThrow().events()).isEmpty();
    }
  }
}
