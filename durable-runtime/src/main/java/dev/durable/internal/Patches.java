package dev.durable.internal;

import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.time.Clock;

/**
 * {@code Durable.patched} and {@code Durable.deprecatePatch}: a change to workflow code that runs
 * still in flight can live with.
 *
 * <p>A run that reaches {@code patched(id)} on the new code records a marker, {@code
 * Durable.patched(id)}, at that position and takes the new path, and so does every replay of it. A
 * run whose history holds something else at that position recorded it on the old code: the call
 * returns false and leaves the position to the old code's entry, so the old path replays as it was
 * recorded. A history that ends before that position (a run that had not got there) takes the new
 * path from there on. {@code deprecatePatch(id)} consumes the marker where a history holds it and
 * records nothing, for the code that keeps only the new path while runs with markers may remain.
 */
final class Patches {
  static final String PREFIX = "Durable.patched(";

  private Patches() {}

  static String marker(String changeId) {
    return PREFIX + changeId + ")";
  }

  static boolean patched(RunContext run, Sequence sequence, String changeId, Clock clock) {
    run.checkNotStopped();
    String marker = marker(changeId);
    String there = run.recordedNameAt(sequence.peek());
    if (there != null && !there.equals(marker)) {
      // Recorded by the code before this change: the old path, whose entry keeps this position.
      return false;
    }
    String position = sequence.next();
    if (run.replayCheck(position, marker) == null) {
      long now = clock.millis();
      run.record(new StepRecord(position, marker, StepStatus.COMPLETED, 1, "true", now, now));
    }
    return true;
  }

  static void deprecatePatch(RunContext run, Sequence sequence, String changeId) {
    run.checkNotStopped();
    String marker = marker(changeId);
    if (marker.equals(run.recordedNameAt(sequence.peek()))) {
      run.replayCheck(sequence.next(), marker);
    }
  }
}
