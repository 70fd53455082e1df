package dev.durable.internal.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where workflow runs and their step histories live. The engine talks to storage only through this
 * interface; the SQLite implementation is {@link SqliteWorkflowStore}.
 *
 * <p>Writes come in two strengths. {@link #stepStarted} is written before a step body runs, so that
 * a crash in the body is detected on resume, but it is not synced: losing it to a power cut only
 * loses the "re-executed" label, never a result. Every write that reports an outcome is durable
 * under the configured {@code Durability} before the method returns. Writes that change a run are
 * fenced by its owner, so an engine that lost its lease cannot record anything.
 */
public interface WorkflowStore extends AutoCloseable {

  /** The run with this id, if any. */
  Optional<WorkflowRecord> find(String workflowId);

  /**
   * Atomically records a new run, or takes over a failed run or a running one whose owner is gone.
   *
   * @param owner the caller's owner string
   * @param now epoch millis
   * @param leaseExpiresAt until when the caller's ownership holds without renewal
   */
  Claim claim(NewWorkflow workflow, String owner, long now, long leaseExpiresAt);

  /** The whole history of a run, in one query, in no particular order. */
  List<StepRecord> history(String workflowId);

  /**
   * The history a resumed run replays, in one query, in no particular order: as {@link #history}
   * without the timestamps, which replay does not read. A store may load it faster than the whole
   * history (the SQLite store does, by about half).
   */
  default List<RecordedStep> replayHistory(String workflowId) {
    return history(workflowId).stream().map(RecordedStep::of).toList();
  }

  /**
   * Steps of a run that {@code owner} has started but whose start is not in {@link #history} yet
   * (a store may keep started markers outside the history until the run changes hands).
   */
  List<StepRecord> startedSteps(String workflowId, String owner);

  /** Records that a step body is about to run (written, not synced). */
  void stepStarted(String workflowId, String owner, StepRecord step);

  /** Durably records a step's outcome (result or error) or a recorded value. */
  void stepFinished(String workflowId, String owner, StepRecord step);

  /**
   * Durably records a run's outcome and releases its ownership.
   *
   * @param reopen positions of failed steps whose exception ended the run; they run again on resume
   */
  void workflowFinished(
      String workflowId, String owner, boolean completed, String outputJson, List<String> reopen, long now);

  /** Gives up ownership of a run that stays unfinished (for example after a replay divergence). */
  void release(String workflowId, String owner);

  /** Extends the lease of every run the owner holds. */
  void renewLeases(String owner, long leaseExpiresAt);

  /** Every run that is neither completed nor failed. */
  List<WorkflowRecord> unfinished();

  /**
   * Deletes a run and its history, unless another live engine holds it ({@link
   * OwnerLiveness#heldByAnother}), decided in the same write transaction as the deletion so that a
   * claim cannot slip in between.
   *
   * @param asker the caller's owner string
   */
  Deletion delete(String workflowId, String asker, long now);

  /** The file or address of the store, for messages. */
  Path location();

  @Override
  void close();
}
