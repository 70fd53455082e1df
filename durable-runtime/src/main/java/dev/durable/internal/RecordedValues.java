package dev.durable.internal;

import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.WorkflowStore;
import java.time.Clock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Records a value at the run's next position on the first run and reads it back on replay: {@code
 * Durable.now()}, {@code Durable.randomUUID()}, and the wake-up time of a durable sleep. The other
 * component that writes at positions, beside {@link StepExecutor}; like it, it records through the
 * run, so a failure to record stops the run.
 */
final class RecordedValues {
  static final String NOW = "Durable.now";
  static final String RANDOM_UUID = "Durable.randomUUID";
  static final String SLEEP = "Durable.sleep";
  /**
   * A sleep with at most this long left waits in its thread instead of suspending the run: a worker
   * resumes a run a little before its time ({@link WorkflowStore#WAKE_EARLY_MILLIS}), so that the
   * step after the sleep starts when it is due, not a resume later; and a short sleep is cheaper
   * waited than suspended.
   */
  static final long IN_THREAD_MILLIS = 2 * WorkflowStore.WAKE_EARLY_MILLIS;

  private final JsonCodec codec;
  private final Clock clock;

  RecordedValues(JsonCodec codec, Clock clock) {
    this.codec = codec;
    this.clock = clock;
  }

  /** The value named {@code name} at the next position: recorded now if new, else as recorded. */
  Object value(RunContext run, Sequence sequence, String name, Class<?> type, Supplier<?> fresh) {
    String position = sequence.next();
    RecordedStep recorded = run.replayCheck(position, name);
    if (recorded != null && recorded.status() == StepStatus.COMPLETED) {
      return codec.read(recorded.outputJson(), codec.type(type), run.workflowId(), name);
    }
    Object value = fresh.get();
    long now = clock.millis();
    run.record(new StepRecord(position, name, StepStatus.COMPLETED, 1, codec.write(value, codec.type(type), run.workflowId(), name),
        now, now));
    return value;
  }

  /**
   * A durable timer at the next position: the wake-up time is recorded on the first run and read
   * back on replay, so a crash or another engine honours the original time. Returns at once if that
   * time has passed; otherwise suspends the run ({@link RunContext#suspendUntil}). A cancellation
   * asked for meanwhile is thrown here instead of waiting.
   */
  void sleepUntil(RunContext run, Sequence sequence, LongSupplier requestedWakeAt) {
    run.checkNotStopped();
    String position = sequence.next();
    RecordedStep recorded = run.replayCheck(position, SLEEP);
    long due;
    if (recorded != null && recorded.status() == StepStatus.COMPLETED) {
      due = (Long) codec.read(recorded.outputJson(), codec.type(Long.class), run.workflowId(), SLEEP);
    } else {
      run.checkCancellation(position, true);
      due = requestedWakeAt.getAsLong();
      long now = clock.millis();
      run.record(new StepRecord(position, SLEEP, StepStatus.COMPLETED, 1,
          codec.write(due, codec.type(Long.class), run.workflowId(), SLEEP), now, now));
    }
    long left = due - clock.millis();
    if (left > 0 && left <= IN_THREAD_MILLIS) {
      try {
        Thread.sleep(left);
        left = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        // Stopped while waiting: suspend instead; the recorded time stands.
      }
    }
    if (left <= 0) {
      run.checkCancellation(position, false);
      return;
    }
    run.checkCancellation(position, true);
    throw run.suspendUntil(due);
  }
}
