package dev.durable.internal.store.sqlite;

import dev.durable.Durability;
import dev.durable.DurableStoreException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.Deletion;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite store: WAL mode, one write connection behind a {@link GroupCommitter}, one read
 * connection for lookups. This class composes each operation's transaction from the parts that do
 * one job each: {@link SqliteConnections} opens and migrates the database, {@link WorkflowRows}
 * writes runs, {@link StepLog} writes step records and {@link StepLogFolder} folds them, {@link
 * HistoryReader} and {@link RunQueries} read, {@link StartedMarkers} keeps the started markers, and
 * {@link FenceCache} the owner fence. Every value is bound as a parameter, never concatenated.
 *
 * <p>Started markers live in a {@link StartedStepFile} per engine, not in the database, and move into
 * the database as {@code STARTED} rows when a run is released, finished or taken over by another
 * engine; a marker that does not fit there (or a file that cannot be created) is written to the
 * database directly, as an unsynced commit.
 */
public final class SqliteWorkflowStore implements WorkflowStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteWorkflowStore.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper EXCLUDED_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** A read on the read connection, which the caller holds. */
  @FunctionalInterface
  private interface Read<T> {
    T run() throws SQLException;
  }

  private final Path file;
  private final SqliteErrors errors;
  private final SqliteConnections connections;
  private final OwnerLiveness liveness;
  private final Object readLock = new Object();
  private final GroupCommitter committer;
  private final FenceCache fenceCache;
  private final StepLog stepLog;
  private final StepLogFolder folder;
  private final WorkflowRows rows;
  private final EventTable events;
  private final RunQueries queries;
  private final HistoryReader histories;
  private final StartedMarkers markers;

  private SqliteWorkflowStore(Path file, SqliteErrors errors, SqliteConnections connections, Durability durability,
      OwnerLiveness liveness) throws SQLException {
    this.file = file;
    this.errors = errors;
    this.connections = connections;
    this.liveness = liveness;
    Connection writer = connections.writer();
    Connection reader = connections.reader();
    this.fenceCache = new FenceCache(writer);
    this.committer = new GroupCommitter(writer, errors, durability == Durability.SURVIVES_POWER_LOSS, fenceCache);
    this.stepLog = new StepLog(writer);
    this.folder = new StepLogFolder(file, committer, stepLog);
    this.events = new EventTable(writer, reader);
    this.rows = new WorkflowRows(file, writer, events);
    this.queries = new RunQueries(reader);
    this.histories = new HistoryReader(reader);
    this.markers = new StartedMarkers(file, liveness, this::ownsRunningWorkflow, committer, stepLog, writer);
  }

  /**
   * Opens (creating if missing) the database at {@code file}, after checking that it is a Durable
   * database this version understands; migrates an older schema in place, in one transaction.
   *
   * @param shareAllowed whether a file holding another application's tables may be used
   * @param liveness tells which engines are gone: whose runs may be claimed or deleted, and whose
   *     leftover marker files may be deleted
   */
  public static SqliteWorkflowStore open(
      Path file, Durability durability, Duration lockTimeout, boolean shareAllowed, OwnerLiveness liveness) {
    Path absolute = file.toAbsolutePath();
    SqliteErrors errors = new SqliteErrors(absolute, lockTimeout);
    SqliteConnections connections = SqliteConnections.open(absolute, lockTimeout, shareAllowed, errors);
    try {
      SqliteWorkflowStore store = new SqliteWorkflowStore(absolute, errors, connections, durability, liveness);
      store.markers.deleteLeftovers();
      // Rows an engine logged before it was killed: folding them now keeps the log short.
      store.folder.fold();
      return store;
    } catch (SQLException e) {
      DurableStoreException error = errors.translate("opening the database", e);
      connections.closeAfter(error);
      throw error;
    } catch (RuntimeException e) {
      connections.closeAfter(e);
      throw e;
    }
  }

  /** Runs a read on the read connection, under its lock, and says what failed as {@code action}. */
  private <T> T read(Supplier<String> action, Read<T> read) {
    synchronized (readLock) {
      try {
        return read.run();
      } catch (SQLException e) {
        throw errors.translate(action.get(), e);
      }
    }
  }

  @Override
  public Optional<WorkflowRecord> find(String workflowId) {
    return read(() -> "reading workflow '" + workflowId + "'", () -> queries.find(workflowId));
  }

  @Override
  public Claim claim(NewWorkflow w, String owner, long now, long leaseExpiresAt, boolean mayStart) {
    String[] previousOwner = {null};
    Claim claim = committer.submit("starting workflow '" + w.workflowId() + "'", false, () -> {
      fenceCache.forget();
      previousOwner[0] = null;
      WorkflowRecord existing = rows.readForWrite(w.workflowId());
      if (existing == null && !mayStart) {
        return new Claim(Claim.Kind.ABSENT, null);
      }
      if (existing == null) {
        return new Claim(Claim.Kind.STARTED, rows.insertRunning(w, owner, leaseExpiresAt, now));
      }
      Claim refused = Claim.refusal(existing, owner, now, liveness);
      if (refused != null) {
        return refused;
      }
      WorkflowRecord taken = rows.takeOver(w, owner, leaseExpiresAt, now);
      if (existing.status() == WorkflowStatus.RUNNING && existing.owner() != null) {
        // Steps the previous owner had started when it died (or lost its lease) are recorded now, so
        // that they are reported as re-executed whoever resumes the run next.
        previousOwner[0] = existing.owner();
        markers.importInto(w.workflowId(), owner, markers.startedBy(existing.owner(), w.workflowId()));
      }
      // A run recorded by start() and never run has no history: it starts here.
      return new Claim(existing.runs() == 0 ? Claim.Kind.STARTED : Claim.Kind.RESUMED, taken);
    });
    if (previousOwner[0] != null && !previousOwner[0].equals(owner)) {
      markers.deleteFileIfDone(previousOwner[0]);
    }
    return claim;
  }

  @Override
  public List<StepRecord> startedSteps(String workflowId, String owner) {
    return markers.startedBy(owner, workflowId);
  }

  private boolean ownsRunningWorkflow(String owner) {
    return read(() -> "looking up the workflows of " + owner, () -> queries.ownsRunning(owner));
  }

  /** The marker files of engines on {@code database} that exist now, for diagnostics and tests. */
  public static List<Path> markerFiles(Path database) {
    return StartedMarkers.files(database);
  }

  @Override
  public List<StepRecord> history(String workflowId) {
    return read(() -> "loading the history of workflow '" + workflowId + "'", () -> histories.history(workflowId));
  }

  @Override
  public List<RecordedStep> replayHistory(String workflowId) {
    return read(() -> "loading the history of workflow '" + workflowId + "'", () -> histories.replayHistory(workflowId));
  }

  @Override
  public void stepStarted(String workflowId, String owner, StepRecord step) {
    if (markers.mark(workflowId, owner, step)) {
      return;
    }
    writeStep(() -> "recording the start of step '" + step.name() + "' of workflow '" + workflowId + "'", false,
        workflowId, owner, step);
  }

  @Override
  public void stepFinished(String workflowId, String owner, StepRecord step) {
    writeStep(() -> "recording the outcome of step '" + step.name() + "' of workflow '" + workflowId + "'", true,
        workflowId, owner, step);
    markers.finished(workflowId, owner, step.position());
  }

  private void writeStep(
      Supplier<String> action, boolean durable, String workflowId, String owner, StepRecord step) {
    committer.submitOneStatement(action, durable, () -> {
      boolean checked = fenceCache.owns(workflowId, owner);
      if (stepLog.append(workflowId, owner, step, !checked) == 0) {
        rows.checkOwner(workflowId, owner);
        throw new IllegalStateException("step of workflow '" + workflowId + "' not written although " + owner + " owns it");
      }
      if (!checked) {
        fenceCache.checked(workflowId, owner);
      }
      return null;
    });
    folder.appended();
  }

  @Override
  public void workflowFinished(
      String workflowId, String owner, WorkflowStatus outcome, String outputJson, List<String> reopen, long now) {
    List<StepRecord> held = markers.held(workflowId, owner);
    committer.submit("recording the outcome of workflow '" + workflowId + "'", true, () -> {
      fenceCache.forget();
      rows.checkOwner(workflowId, owner);
      markers.importInto(workflowId, owner, held);
      if (!reopen.isEmpty()) {
        // The FAILED records to reopen may still be in the log.
        stepLog.fold();
      }
      rows.finish(workflowId, outcome, outputJson, reopen, now);
      return null;
    });
    markers.clear(workflowId, owner);
  }

  /** Ends this engine's hold on a run that stays unfinished; its markers move into the database first. */
  @Override
  public void release(String workflowId, String owner, long retryAt, long now) {
    List<StepRecord> held = markers.held(workflowId, owner);
    committer.submit("releasing workflow '" + workflowId + "'", false, () -> {
      fenceCache.forget();
      markers.importInto(workflowId, owner, held);
      rows.release(workflowId, owner, retryAt, now);
      return null;
    });
    markers.clear(workflowId, owner);
  }

  @Override
  public long suspend(String workflowId, String owner, long wakeAt, List<String> waitingFor, long now) {
    List<StepRecord> held = markers.held(workflowId, owner);
    long due = committer.submit("suspending workflow '" + workflowId + "'", false, () -> {
      fenceCache.forget();
      markers.importInto(workflowId, owner, held);
      return rows.suspend(workflowId, owner, wakeAt, waitingFor, now);
    });
    markers.clear(workflowId, owner);
    return due;
  }

  @Override
  public WorkflowRecord enqueue(NewWorkflow w, long now) {
    return committer.submit("recording the start of workflow '" + w.workflowId() + "'", true,
        () -> rows.insertPending(w, null, now));
  }

  @Override
  public boolean enqueueWithHistory(NewWorkflow w, List<StepRecord> history, long now) {
    return committer.submit("recording workflow '" + w.workflowId() + "' with a copied history", true, () -> {
      if (rows.readForWrite(w.workflowId()) != null) {
        return false;
      }
      rows.insertPending(w, null, now);
      rows.markRun(w.workflowId());
      for (StepRecord step : history) {
        stepLog.append(w.workflowId(), null, step, false);
      }
      return true;
    });
  }

  @Override
  public EventDelivery sendEvent(String workflowId, String name, String payloadJson, String payloadType, long now) {
    return committer.submit("storing event '" + name + "' for workflow '" + workflowId + "'", true,
        () -> rows.storeEvent(workflowId, name, payloadJson, payloadType, now));
  }

  @Override
  public EventDelivery enqueueWithEvent(NewWorkflow w, String name, String payloadJson, String payloadType, long now) {
    return committer.submit("starting workflow '" + w.workflowId() + "' with event '" + name + "'", true, () -> {
      rows.insertPending(w, null, now);
      return rows.storeEvent(w.workflowId(), name, payloadJson, payloadType, now);
    });
  }

  @Override
  public EventDelivery sendEventFromRun(String senderId, String owner, StepRecord sendStep, String targetId, String name,
      String payloadJson, String payloadType, long now) {
    return committer.submit("sending event '" + name + "' from workflow '" + senderId + "' to '" + targetId + "'", true,
        () -> {
          fenceCache.forget();
          rows.checkOwner(senderId, owner);
          EventDelivery delivery = rows.storeEvent(targetId, name, payloadJson, payloadType, now);
          if (delivery.stored()) {
            stepLog.append(senderId, owner, sendStep, false);
          }
          return delivery;
        });
  }

  @Override
  public Optional<StoredEvent> nextEvent(String workflowId, String name) {
    return read(() -> "reading the events of workflow '" + workflowId + "'", () -> events.oldest(workflowId, name));
  }

  @Override
  public boolean consumeEvent(String workflowId, String owner, long seq, StepRecord step) {
    return committer.submit("consuming event '" + step.name() + "' of workflow '" + workflowId + "'", true, () -> {
      fenceCache.forget();
      rows.checkOwner(workflowId, owner);
      if (!events.consume(seq, step.position())) {
        return false;
      }
      stepLog.append(workflowId, owner, step, false);
      return true;
    });
  }

  @Override
  public List<StoredEvent> events(String workflowId) {
    return read(() -> "reading the events of workflow '" + workflowId + "'", () -> events.all(workflowId));
  }

  @Override
  public WorkflowRecord startChild(String parentId, String owner, StepRecord startStep, NewWorkflow child, long now) {
    return committer.submit("starting child workflow '" + child.workflowId() + "' of '" + parentId + "'", true, () -> {
      fenceCache.forget();
      rows.checkOwner(parentId, owner);
      rows.insertPending(child, parentId, now);
      events.inheritCancellation(child.workflowId(), parentId, now);
      stepLog.append(parentId, owner, startStep, false);
      return rows.readForWrite(child.workflowId());
    });
  }

  @Override
  public Optional<WorkflowRecord> acceptCode(String workflowId, String fingerprint, long now) {
    return committer.submit("letting workflow '" + workflowId + "' go on with changed code", true,
        () -> Optional.ofNullable(rows.acceptCode(workflowId, fingerprint, now)));
  }

  @Override
  public Optional<WorkflowRecord> requestCancel(String workflowId, long now) {
    return committer.submit("recording the cancellation of workflow '" + workflowId + "'", true,
        () -> Optional.ofNullable(rows.requestCancel(workflowId, now)));
  }

  @Override
  public void cancellationDelivered(String workflowId, String owner, String position) {
    committer.submit("recording where workflow '" + workflowId + "' was cancelled", true, () -> {
      rows.cancellationDelivered(workflowId, owner, position);
      return null;
    });
  }

  @Override
  public Optional<WorkflowRecord> restart(String workflowId, long now) {
    return committer.submit("starting workflow '" + workflowId + "' again", true,
        () -> Optional.ofNullable(rows.restart(workflowId, now)));
  }

  @Override
  public List<WorkflowRecord> list(WorkflowStatus status, String workflowName, long createdSince, int limit) {
    return read(() -> "listing workflows", () -> queries.list(status, workflowName, createdSince, limit));
  }

  @Override
  public List<WorkflowRecord> ready(long now, long dueBefore, int limit, Set<String> excluded) {
    String excludedJson;
    try {
      excludedJson = EXCLUDED_JSON.writeValueAsString(excluded);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a set of strings always writes as JSON", e);
    }
    return read(() -> "looking for workflows ready to run",
        () -> queries.ready(dueBefore, limit, now, liveness, excludedJson));
  }

  @Override
  public List<String> cancelRequested(String owner) {
    return read(() -> "looking for cancellations of the workflows of " + owner, () -> queries.cancelRequested(owner));
  }

  @Override
  public void renewLeases(String owner, Collection<String> workflowIds, long leaseExpiresAt) {
    committer.submit("renewing the leases of " + owner, false, () -> {
      rows.renewLeases(owner, workflowIds, leaseExpiresAt);
      return null;
    });
  }

  @Override
  public List<WorkflowRecord> unfinished() {
    return read(() -> "listing unfinished workflows", queries::unfinished);
  }

  @Override
  public Deletion delete(String workflowId, String asker, long now) {
    Deletion deletion = committer.submit("deleting workflow '" + workflowId + "'", true, () -> {
      // Decided here, under the write lock: checked on the read connection first, a claim by
      // another engine could land between the check and the deletion (issue 20 C).
      WorkflowRecord existing = rows.readForWrite(workflowId);
      if (existing == null) {
        return new Deletion(false, null);
      }
      if (liveness.heldByAnother(existing, asker, now)) {
        return new Deletion(true, existing.owner());
      }
      fenceCache.forget();
      stepLog.delete(workflowId);
      rows.delete(workflowId);
      if (existing.parentId() != null) {
        // A parent waiting for this child would wait for ever: it looks again, and finds it gone.
        events.wake(existing.parentId(), WaitKeys.child(workflowId), now);
      }
      return new Deletion(true, null);
    });
    if (deletion.deleted()) {
      markers.clearAll(workflowId);
    }
    return deletion;
  }

  /** How many transactions the store has committed so far, for diagnostics and the benchmark. */
  public long commits() {
    return committer.commits();
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public void close() {
    markers.closeAll();
    try {
      folder.fold();
    } catch (DurableStoreException e) {
      log.warn("Could not fold the step log of {} on close ({}); its rows stay valid in the log and are folded"
          + " when an engine next opens the database.", file, e.getMessage(), e);
    }
    DurableStoreException failure = null;
    try {
      committer.exclusive(() -> {
        committer.close();
        return null;
      });
    } catch (SQLException e) {
      failure = errors.translate("closing the database", e);
    }
    failure = connections.close(failure, errors);
    if (failure != null) {
      throw failure;
    }
  }
}
