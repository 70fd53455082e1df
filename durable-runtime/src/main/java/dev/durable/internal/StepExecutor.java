package dev.durable.internal;

import dev.durable.StepEvent;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.WorkflowStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Runs one step call inside a workflow: replays it from the history if its outcome is recorded,
 * otherwise marks it started, runs the body (with the step's retry policy) and commits the outcome
 * before returning it. An {@link Error} from the body is not recorded: the JVM may be in no state to
 * record anything, and the step runs again when the workflow is resumed. Nor is an interrupt: the
 * thread is being stopped, which says nothing about the step, so it runs again on resume (recorded as
 * a failure, it was thrown again on every later call while the run stayed RUNNING for ever).
 *
 * <p>Retries count attempts across crashes toward {@code maxAttempts}; a step reopened by resuming a
 * failed run starts a fresh budget. A backoff of {@link #LONG_BACKOFF_MILLIS} or more does not hold
 * the thread: the run suspends until the next attempt is due, as a durable sleep does.
 *
 * <p>The started marker is written but not synced (the SQLite store keeps it in a memory-mapped file):
 * it survives the process dying, which is what zombie detection needs, and costs no fsync and no
 * transaction. Only the outcome is committed and synced.
 */
final class StepExecutor {
  /** Backoffs at least this long suspend the run instead of sleeping in its thread. */
  static final long LONG_BACKOFF_MILLIS = 1_000;

  private final WorkflowStore store;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final Events events;
  private final Clock clock;
  private final String owner;
  /** False in tests: a failed step is retried at once. */
  private final boolean backoff;

  StepExecutor(WorkflowStore store, JsonCodec codec, ErrorCodec errors, Events events, Clock clock, String owner,
      boolean backoff) {
    this.backoff = backoff;
    this.store = store;
    this.codec = codec;
    this.errors = errors;
    this.events = events;
    this.clock = clock;
    this.owner = owner;
  }

  Object execute(Frame frame, StepModel step, Callable<?> body) throws Throwable {
    RunContext run = frame.run;
    String position = frame.sequence.next();
    RecordedStep recorded = run.replayCheck(position, step.name());
    if (recorded != null) {
      switch (recorded.status()) {
        case COMPLETED -> {
          Object value = codec.read(recorded.outputJson(), step.resultType(), run.workflowId(), step.description());
          events.step(run, position, step.name(), StepEvent.Outcome.REPLAYED, recorded.attempts(), Duration.ZERO);
          return value;
        }
        case FAILED -> {
          Throwable failure = errors.read(recorded.outputJson(), run.model().type().getClassLoader(), run.workflowId(), step.name());
          run.thrown(failure, position);
          events.step(run, position, step.name(), StepEvent.Outcome.REPLAYED_FAILURE, recorded.attempts(), Duration.ZERO);
          throw failure;
        }
        case STARTED, REOPENED -> {
          // Run again below: interrupted before its commit, or its failure ended the previous run.
        }
      }
    }
    run.checkCancellation(position, true);
    boolean interrupted = recorded != null && recorded.status() == StepStatus.STARTED;
    int attempt = recorded == null ? 0 : recorded.attempts();
    // Attempts before a reopening belong to the failed run; resuming it gives a fresh budget.
    int budgetFrom = recorded != null && recorded.status() == StepStatus.REOPENED ? recorded.attempts() : 0;
    while (true) {
      attempt++;
      long startedAt = clock.millis();
      try {
        store.stepStarted(run.workflowId(), owner,
            new StepRecord(position, step.name(), StepStatus.STARTED, attempt, null, startedAt, null));
      } catch (RuntimeException e) {
        throw run.stopWith(e);
      }
      events.stepStart(run, position, step.name(), attempt);
      long t0 = System.nanoTime();
      Object result;
      Frame previous = Frame.enter(frame.inStep(step.name()));
      try {
        result = body.call();
      } catch (Error e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw e;
      } catch (Throwable failure) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        if (step.retry().retries(failure, attempt - budgetFrom)) {
          events.step(run, position, step.name(), StepEvent.Outcome.RETRYING, attempt, elapsed);
          long wait = backoff ? step.retry().backoffMillis(attempt - budgetFrom) : 0;
          if (wait >= LONG_BACKOFF_MILLIS) {
            // This attempt's started marker stays, so the resumed run counts it and runs the next one.
            throw run.suspendUntil(clock.millis() + wait);
          }
          Thread.sleep(wait);
          continue;
        }
        recordFailure(run, position, step, attempt, startedAt, failure, elapsed);
        throw failure;
      } finally {
        Frame.restore(previous);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
      String json;
      try {
        json = codec.write(result, step.resultType(), run.workflowId(), step.description());
      } catch (RuntimeException notStorable) {
        recordFailure(run, position, step, attempt, startedAt, notStorable, elapsed);
        throw notStorable;
      }
      run.record(new StepRecord(position, step.name(), StepStatus.COMPLETED, attempt, json, startedAt, clock.millis()));
      events.step(run, position, step.name(),
          interrupted ? StepEvent.Outcome.RE_EXECUTED : StepEvent.Outcome.EXECUTED, attempt, elapsed);
      return result;
    }
  }

  private void recordFailure(
      RunContext run, String position, StepModel step, int attempt, long startedAt, Throwable failure, Duration elapsed) {
    run.record(new StepRecord(position, step.name(), StepStatus.FAILED, attempt, errors.write(failure), startedAt,
        clock.millis()));
    run.thrown(failure, position);
    events.step(run, position, step.name(), StepEvent.Outcome.FAILED, attempt, elapsed);
  }
}
