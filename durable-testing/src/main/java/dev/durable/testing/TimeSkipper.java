package dev.durable.testing;

import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowStatus;
import dev.durable.WorkflowSummary;
import dev.durable.WorkflowTimeoutException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Waits for a run's result on an engine with a {@link TestClock}, moving the clock to the earliest
 * timer whenever no run can go on: every unfinished run is WAITING, none is due. A run that is
 * RUNNING or PENDING (or a child it waits for) may still set an earlier timer or send an event, so
 * time stands still while one exists.
 */
final class TimeSkipper {
  private TimeSkipper() {}

  static <R> R result(DurableEngine engine, TestClock clock, WorkflowHandle<R> run, Duration poll, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return run.result(poll);
      } catch (WorkflowTimeoutException notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Waited " + patience.toSeconds() + " s of real time for the result of workflow '"
              + run.workflowId() + "'; it is " + run.status() + " at test time " + clock.instant() + ". A run WAITING"
              + " for an event without a timeout goes on only when the test sends it.", notYet);
        }
        skip(engine, clock);
      }
    }
  }

  static void skip(DurableEngine engine, TestClock clock) {
    List<WorkflowSummary> unfinished = engine.list(WorkflowQuery.all().limit(10_000)).stream()
        .filter(s -> !s.status().isFinished()).toList();
    if (unfinished.isEmpty() || unfinished.stream().anyMatch(s -> s.status() != WorkflowStatus.WAITING)) {
      return;
    }
    unfinished.stream().map(WorkflowSummary::wakeAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
        .filter(next -> next.isAfter(clock.instant()))
        .ifPresent(clock::advanceTo);
  }
}
