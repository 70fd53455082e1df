package dev.durable.internal.store;

import dev.durable.WorkflowStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where workflow runs and their step histories live. The engine talks to storage only through this
 * interface; the SQLite implementation is {@link
 * dev.durable.internal.store.sqlite.SqliteWorkflowStore}.
 *
 * <p>Writes come in two strengths. {@link #stepStarted} is written before a step body runs, so that
 * a crash in the body is detected on resume, but it is not synced: losing it to a power cut only
 * loses the "re-executed" label, never a result. Every write that reports an outcome is durable
 * under the configured {@code Durability} before the method returns. Writes that change a run are
 * fenced by its owner, so an engine that lost its lease cannot record anything.
 */
public interface WorkflowStore extends AutoCloseable {
  /**
   * A WAITING run may be claimed this long before its wake-up time, so that its resume (claim,
   * history, replay) is done when the time comes; the sleep then waits out the rest in its thread.
   */
  long WAKE_EARLY_MILLIS = 50;

  /** The run with this id, if any. */
  Optional<WorkflowRecord> find(String workflowId);

  /**
   * Atomically records a new run, or takes over a failed run or a running one whose owner is gone.
   *
   * @param owner the caller's owner string
   * @param now epoch millis
   * @param leaseExpiresAt until when the caller's ownership holds without renewal
   * @param mayStart whether a run that does not exist may be recorded now; false for workers and
   *     recovery, whose record of the run may be older than a {@code forget}
   */
  Claim claim(NewWorkflow workflow, String owner, long now, long leaseExpiresAt, boolean mayStart);

  /**
   * Whether a run asked to cancel has not had the cancellation thrown into its code yet: then it is
   * due now, whatever its timer says.
   */
  static boolean cancellationDue(WorkflowRecord run) {
    return run.cancelRequested() && run.cancelledAt() == null;
  }

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
   * Durably records a run's outcome and releases its ownership. A parent that waits for this run
   * as its child becomes due.
   *
   * @param outcome COMPLETED, FAILED or CANCELLED
   * @param reopen positions of failed steps whose exception ended the run; they run again on resume
   */
  void workflowFinished(
      String workflowId, String owner, WorkflowStatus outcome, String outputJson, List<String> reopen, long now);

  /**
   * Gives up ownership of a run that stays unfinished (after a replay divergence, or when its engine
   * closes): it becomes PENDING, for workers to take from {@code retryAt} on (0: at once).
   */
  void release(String workflowId, String owner, long retryAt, long now);

  /**
   * The owner's run waits until {@code wakeAt}, or until what {@code waitingFor} names ({@link
   * WaitKeys}) happens: it becomes WAITING and nobody holds it. Decided in the same transaction: if
   * an awaited event is stored already, or an awaited child has finished (they came while the run
   * ran), the run is due at once instead.
   *
   * @param wakeAt epoch millis; {@link Long#MAX_VALUE} for no timer
   * @return when the run is due as stored: {@code wakeAt}, or {@code now} if what it waits for came
   */
  long suspend(String workflowId, String owner, long wakeAt, List<String> waitingFor, long now);

  /**
   * Durably stores an event for a run that exists and has not completed, in one transaction that
   * also makes the run due if it waits for an event of that name.
   */
  EventDelivery sendEvent(String workflowId, String name, String payloadJson, String payloadType, long now);

  /**
   * As {@link #enqueue} followed by {@link #sendEvent}, in one transaction: for a webhook that may
   * come before the run is started.
   */
  EventDelivery enqueueWithEvent(NewWorkflow workflow, String name, String payloadJson, String payloadType, long now);

  /**
   * Sends an event from a run: stores it (as {@link #sendEvent}) and records the sender's {@code
   * sendStep} in one transaction, fenced by the sender's owner, so that a replayed sender never sends
   * it twice. Nothing is written if the target does not exist or has completed.
   */
  EventDelivery sendEventFromRun(String senderId, String owner, StepRecord sendStep, String targetId, String name,
      String payloadJson, String payloadType, long now);

  /** The oldest event of that name stored for the run and not consumed yet. */
  Optional<StoredEvent> nextEvent(String workflowId, String name);

  /**
   * Consumes event {@code seq} and records {@code step} (the await that returns it) in one
   * transaction, fenced by the owner.
   *
   * @return false if the event was consumed already (nothing written)
   */
  boolean consumeEvent(String workflowId, String owner, long seq, StepRecord step);

  /** The events stored for a run, in the order they were stored, consumed ones included. */
  List<StoredEvent> events(String workflowId);

  /**
   * Records a child run PENDING (unless its id exists) with {@code parentId} as its parent, and the
   * parent's {@code startStep}, in one transaction fenced by the parent's owner.
   *
   * @return the child as stored: the new one, or the existing one with that id
   */
  WorkflowRecord startChild(String parentId, String owner, StepRecord startStep, NewWorkflow child, long now);

  /**
   * Durably records a run to be started by a worker (PENDING, never run), unless the id exists.
   *
   * @return the stored run: the new one, or the existing one with that id
   */
  WorkflowRecord enqueue(NewWorkflow workflow, long now);

  /**
   * Durably records a new run, PENDING, whose history already holds {@code history}, in one
   * transaction, unless its id exists: a fork of another run (see {@code DurableEngine.fork}). It
   * counts as run once ({@code runs} 1), so that its first claim is a resume, which replays that
   * history, not a start, which would not read it.
   *
   * @return false if a run with that id exists (nothing was written)
   */
  boolean enqueueWithHistory(NewWorkflow workflow, List<StepRecord> history, long now);

  /**
   * Lifts the hold on a run held for changed code: if it is WAITING for a {@code code:} key ({@link
   * WaitKeys#code}), it records {@code fingerprint} as the run's (null: the key's, the new code's)
   * and makes the run PENDING, due at once; other runs are left as they are.
   *
   * @return the run as stored afterwards, if there is one
   */
  Optional<WorkflowRecord> acceptCode(String workflowId, String fingerprint, long now);

  /**
   * Durably records that a run should be cancelled, if it has not finished, and with it every
   * unfinished run it started as a child (and theirs); a run nobody holds becomes due at once.
   *
   * @return the run as stored afterwards, if there is one
   */
  Optional<WorkflowRecord> requestCancel(String workflowId, long now);

  /** Durably records the position where the owner threw the cancellation into the workflow code. */
  void cancellationDelivered(String workflowId, String owner, String position);

  /**
   * Makes a FAILED or CANCELLED run PENDING again, its cancellation forgotten; other runs are left
   * as they are.
   *
   * @return the run as stored afterwards, if there is one
   */
  Optional<WorkflowRecord> restart(String workflowId, long now);

  /** Stored runs, newest first; null filters match anything. */
  List<WorkflowRecord> list(WorkflowStatus status, String workflowName, long createdSince, int limit);

  /**
   * Runs a worker may take: PENDING and WAITING runs due by {@code dueBefore} (or asked to cancel),
   * and RUNNING runs whose owner is gone or whose lease expired before {@code now}; none of {@code
   * excluded} (runs the asking worker cannot run).
   */
  List<WorkflowRecord> ready(long now, long dueBefore, int limit, java.util.Set<String> excluded);

  /** Ids of the RUNNING runs {@code owner} holds that were asked to cancel. */
  List<String> cancelRequested(String owner);

  /**
   * Extends the leases of the runs in {@code workflowIds} that the owner holds. Only the runs an
   * engine is executing: a run it holds but no longer runs (its outcome and its release both failed
   * to be recorded) lets its lease expire, so that a worker takes it over.
   */
  void renewLeases(String owner, Collection<String> workflowIds, long leaseExpiresAt);

  /** Every run that has not finished: PENDING, RUNNING or WAITING. */
  List<WorkflowRecord> unfinished();

  /**
   * Deletes a run and its history, unless another live engine holds it ({@link
   * OwnerLiveness#heldByAnother}), decided in the same write transaction as the deletion so that a
   * claim cannot slip in between.
   *
   * @param asker the caller's owner string
   */
  Deletion delete(String workflowId, String asker, long now);

  /**
   * Asks the store to call {@code nudge} whenever it learns that another process made a run ready
   * (started it, sent it an event, finished its child), so that the worker looks at once instead of
   * at its next poll. A store that cannot learn of such changes ignores it: polling finds them.
   */
  default void onReadyElsewhere(Runnable nudge) {}

  /**
   * The store for messages: a SQLite file's absolute path, a server's JDBC URL without its
   * password.
   */
  String location();

  @Override
  void close();
}
