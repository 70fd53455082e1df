package dev.durable.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.StepInfo;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowStatus;
import dev.durable.WorkflowSummary;
import dev.durable.internal.HistoryFormat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The list's "waiting for" cell, from records as the engine returns them. The states a database of
 * real runs does not give the other tests cheaply are built here: a retry after a long backoff, a
 * cancellation on its way, a timer among several sleeps.
 */
class WaitingForTest {
  private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
  private static final Instant WAKE = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void aSleepingRun_waitsForTheSleepWhoseWakeUpIsItsOwn() {
    ListCommand.Row row = row(WorkflowStatus.WAITING, WAKE, false,
        step("1", "Durable.sleep", StepInfo.Status.COMPLETED, String.valueOf(START.toEpochMilli())),
        step("2.1", "Durable.sleep", StepInfo.Status.COMPLETED, String.valueOf(WAKE.toEpochMilli())),
        step("3.1", "Durable.sleep", StepInfo.Status.COMPLETED, String.valueOf(WAKE.plusSeconds(60).toEpochMilli())));

    assertThat(row.waitingFor()).isEqualTo("sleep at step 2.1 until 2026-03-01T10:00:00Z");
    assertThat(row.waitingForStep()).contains("sleep at step 2.1");
  }

  @Test
  void aRunBackingOff_waitsForTheNextAttemptOfItsStartedStep() {
    ListCommand.Row row = row(WorkflowStatus.WAITING, WAKE, false,
        step("1", "reserve", StepInfo.Status.COMPLETED, "\"ok\""),
        new StepInfo("2", "upload", StepInfo.Status.STARTED, 2, null, START, Instant.EPOCH));

    assertThat(row.waitingFor()).isEqualTo("retry of upload at step 2 after attempt 2 until 2026-03-01T10:00:00Z");
  }

  @Test
  void aCancellationOnItsWay_isWhatTheRunWaitsFor() {
    ListCommand.Row row = row(WorkflowStatus.WAITING, START, true,
        step("1", "Durable.sleep", StepInfo.Status.COMPLETED, String.valueOf(WAKE.toEpochMilli())));

    assertThat(row.waitingFor()).isEqualTo("cancel requested");
  }

  @Test
  void finishedOrRunningRuns_waitForNothing() {
    assertThat(row(WorkflowStatus.COMPLETED, null, false).waitingFor()).isEqualTo("-");
    assertThat(row(WorkflowStatus.CANCELLED, null, true).waitingFor()).isEqualTo("-");
    assertThat(row(WorkflowStatus.RUNNING, null, false).waitingFor()).isEqualTo("-");
    assertThat(row(WorkflowStatus.PENDING, WAKE, false).waitingFor()).isEqualTo("retry at 2026-03-01T10:00:00Z");
  }

  @Test
  void anUnfinishedStep_hasNoEnd_evenWhenTheStoreReportsTheEpoch() {
    StepInfo started = new StepInfo("2", "upload", StepInfo.Status.STARTED, 1, null, START, Instant.EPOCH);
    StepInfo done = new StepInfo("1", "reserve", StepInfo.Status.COMPLETED, 1, "1", START, START.plusMillis(5));

    assertThat(HistoryFormat.finishedAt(started)).isNull();
    assertThat(HistoryFormat.finishedAt(done)).isEqualTo(START.plusMillis(5));
  }

  private static ListCommand.Row row(WorkflowStatus status, Instant wakeAt, boolean cancelRequested, StepInfo... steps) {
    WorkflowSummary summary = new WorkflowSummary("w", "W", status, START, START, wakeAt, cancelRequested, List.of(), null);
    WorkflowInfo info = new WorkflowInfo("w", "W", "com.acme.W", "run()", "[]", status, null, START, START, null,
        List.of(steps), null, List.of(), List.of());
    return new ListCommand.Row(summary, Optional.of(info));
  }

  private static StepInfo step(String position, String name, StepInfo.Status status, String output) {
    return new StepInfo(position, name, status, 1, output, START, START);
  }
}
