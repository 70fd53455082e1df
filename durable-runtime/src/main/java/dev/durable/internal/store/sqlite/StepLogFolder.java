package dev.durable.internal.store.sqlite;

import dev.durable.DurableStoreException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the step log is folded into {@code durable_steps}: once this engine has appended
 * {@link StepLog#FOLD_EVERY} steps, and whenever the store opens or closes. Each fold is a
 * transaction of its own, unsynced (see {@link StepLog#fold}).
 */
final class StepLogFolder {
  private static final Logger log = LoggerFactory.getLogger(StepLogFolder.class);

  private final Path file;
  private final GroupCommitter committer;
  private final StepLog stepLog;
  /** Steps appended by this engine since its last fold (an estimate under contention, which is enough). */
  private final AtomicInteger appendedSinceFold = new AtomicInteger();

  StepLogFolder(Path file, GroupCommitter committer, StepLog stepLog) {
    this.file = file;
    this.committer = committer;
    this.stepLog = stepLog;
  }

  /** Counts a committed step, and folds if it is the one that makes {@link StepLog#FOLD_EVERY}. */
  void appended() {
    int appended = appendedSinceFold.incrementAndGet();
    if (appended >= StepLog.FOLD_EVERY && appendedSinceFold.compareAndSet(appended, 0)) {
      foldAfterStep();
    }
  }

  /**
   * The step that triggered the fold is committed already, so a failed fold is reported and tried
   * again later, not turned into a failure of that step.
   */
  private void foldAfterStep() {
    try {
      fold();
    } catch (DurableStoreException e) {
      log.warn("Could not fold the step log of {} ({}); its rows stay valid where they are, and the fold is tried"
          + " again after the next {} steps.", file, e.getMessage(), StepLog.FOLD_EVERY, e);
    }
  }

  /** Folds the step log in a transaction of its own, unsynced. */
  void fold() {
    committer.submit("folding the step log into durable_steps", false, () -> {
      stepLog.fold();
      return null;
    });
  }
}
