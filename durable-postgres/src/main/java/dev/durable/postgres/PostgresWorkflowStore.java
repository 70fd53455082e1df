package dev.durable.postgres;

import dev.durable.DurableStoreException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.Deletion;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StoreSettings;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgreSQL store: many engines on many hosts share one database, each through its own pool.
 * Each operation is one transaction ({@link Transactions}), committed before the method returns,
 * and composed here from the parts that do one job each: {@link RunRows} for runs, {@link StepRows}
 * for histories, {@link EventRows} for events, {@link RunQueries} for lookups, and {@link
 * ReadyListener} for hearing what other processes made ready. Every value is bound as a parameter,
 * never concatenated; only the validated schema name is part of the SQL text.
 *
 * <p><b>Processes kept apart by row locks.</b> A claim locks the run's row ({@code SELECT ... FOR
 * UPDATE}, or inserts it) and decides under that lock, with the engine's {@link OwnerLiveness}, so
 * one run is never given to two workers. Every write to a run is fenced by its owner in the same
 * transaction: an {@code UPDATE ... WHERE owner = ? AND status = 'RUNNING'}, or a {@code FOR SHARE}
 * lock on the row before writing its history, and a refused fence throws {@link
 * dev.durable.LeaseLostException}, where the SQLite store does. {@link #ready} reads with {@code FOR
 * UPDATE SKIP LOCKED}, which passes over a run whose claim holds its row at that moment; what keeps
 * a run from two workers is the claim's own lock.
 *
 * <p><b>Started markers</b> are queued by {@link #stepStarted} and written into the history by
 * {@link StartedMarkers} in the background, many at once and unsynced; the queue is flushed before
 * a history is read or a run handed over, so {@link #startedSteps} has nothing to add.
 *
 * <p><b>Retries after a broken connection</b> ({@link Transactions}): a transaction that broke
 * before its commit was rolled back and runs again as it was. One that broke during its commit may
 * or may not be committed, and runs again knowing so. Idempotent by construction: step records
 * (upserts of the same values), {@link #enqueue} and {@link #startChild} (insert-if-absent, then the
 * same upsert), {@link #requestCancel}, {@link #restart}, {@link #cancellationDelivered} and {@link
 * #renewLeases} (setting the same values). The rest check first: {@link #claim} recognises its own
 * claim by owner and lease; {@link #workflowFinished}, {@link #release} and {@link #suspend}
 * recognise the state they leave; {@link #consumeEvent} finds the event consumed at its own
 * position, {@link #sendEventFromRun} the send step recorded; {@link #sendEvent} and {@link
 * #enqueueWithEvent} find the same event (run, name, payload and the call's clock reading) stored;
 * and {@link #delete} remembers that its first attempt found the run.
 *
 * <p><b>LISTEN/NOTIFY.</b> Each transaction that makes a run ready notifies the schema's channel
 * with the run's id, delivered when it commits; {@link #onReadyElsewhere} listens on it. An engine
 * also hears its own notifications, which costs it one extra look for work.
 */
final class PostgresWorkflowStore implements WorkflowStore {
  private final PostgresDatabase database;
  private final PostgresSchema schema;
  private final PostgresErrors errors;
  private final OwnerLiveness liveness;
  private final long listenWaitMillis;
  private final Transactions transactions;
  private final RunRows runs;
  private final StepRows steps;
  private final EventRows events;
  private final RunQueries queries;
  private final StartedMarkers markers;
  private ReadyListener listener;

  private PostgresWorkflowStore(PostgresDatabase database, PostgresSchema schema, PostgresErrors errors,
      StoreSettings settings) {
    this.database = database;
    this.schema = schema;
    this.errors = errors;
    this.liveness = settings.liveness();
    this.listenWaitMillis = Math.min(5_000, settings.lockTimeout().toMillis());
    this.transactions = new Transactions(database, errors, schema.channel(), settings.lockTimeout(),
        settings.durability());
    this.runs = new RunRows(schema, database.location());
    this.steps = new StepRows(schema);
    this.events = new EventRows(schema);
    this.queries = new RunQueries(schema);
    this.markers = new StartedMarkers(transactions, steps, schema.name());
  }

  /**
   * Opens the store on {@code database}: creates or migrates the schema on a connection of its own,
   * then starts the pool. Closes {@code database} if that fails.
   *
   * @throws DurableStoreException naming the database and the fix
   */
  static PostgresWorkflowStore open(PostgresDatabase database, PostgresSchema schema, StoreSettings settings) {
    PostgresErrors errors = new PostgresErrors(database.location(), database.databaseName(), database.user(),
        schema.name(), database.password(), settings.lockTimeout());
    try {
      try (Connection c = database.directConnection()) {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          schema.migrate(c, database.location());
        } catch (SQLException | RuntimeException e) {
          rollbackAfter(c, e);
          throw e;
        } finally {
          if (autoCommit) {
            c.setAutoCommit(true);
          }
        }
      } catch (SQLException e) {
        throw errors.translate("opening Durable's schema '" + schema.name() + "'", e);
      }
      database.startPool();
      return new PostgresWorkflowStore(database, schema, errors, settings);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static void rollbackAfter(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public Optional<WorkflowRecord> find(String workflowId) {
    return transactions.read(() -> "reading workflow '" + workflowId + "'",
        tx -> Optional.ofNullable(runs.read(tx.connection(), workflowId)));
  }

  @Override
  public Claim claim(NewWorkflow w, String owner, long now, long leaseExpiresAt, boolean mayStart) {
    return transactions.write(() -> "starting workflow '" + w.workflowId() + "'", tx -> {
      Connection c = tx.connection();
      WorkflowRecord existing = runs.lock(c, w.workflowId());
      while (existing == null) {
        if (!mayStart) {
          return new Claim(Claim.Kind.ABSENT, null);
        }
        WorkflowRecord inserted = runs.insertRunning(c, w, owner, leaseExpiresAt, now);
        if (inserted != null) {
          return new Claim(Claim.Kind.STARTED, inserted);
        }
        // Another process recorded it after our lookup, and its insert has committed now: decide on
        // that run (unless it was deleted again meanwhile; then the insert is tried once more).
        existing = runs.lock(c, w.workflowId());
      }
      if (tx.afterUnknownCommit() && existing.status() == WorkflowStatus.RUNNING && owner.equals(existing.owner())
          && existing.leaseExpiresAt() == leaseExpiresAt) {
        // This very claim, committed by the attempt whose commit broke: it stands, one run counted.
        return new Claim(existing.runs() == 1 ? Claim.Kind.STARTED : Claim.Kind.RESUMED, existing);
      }
      Claim refused = Claim.refusal(existing, owner, now, liveness);
      if (refused != null) {
        return refused;
      }
      WorkflowRecord taken = runs.takeOver(c, w, owner, leaseExpiresAt, now);
      // A run recorded by start() and never run has no history: it starts here.
      return new Claim(existing.runs() == 0 ? Claim.Kind.STARTED : Claim.Kind.RESUMED, taken);
    });
  }

  @Override
  public List<StepRecord> history(String workflowId) {
    markers.flush();
    return transactions.read(() -> "loading the history of workflow '" + workflowId + "'",
        tx -> steps.history(tx.connection(), workflowId));
  }

  @Override
  public List<RecordedStep> replayHistory(String workflowId) {
    markers.flush();
    return transactions.read(() -> "loading the history of workflow '" + workflowId + "'",
        tx -> steps.replayHistory(tx.connection(), workflowId));
  }

  /** Nothing: the markers {@link #stepStarted} queues are written into the history, where {@link #history} finds them. */
  @Override
  public List<StepRecord> startedSteps(String workflowId, String owner) {
    return List.of();
  }

  @Override
  public void stepStarted(String workflowId, String owner, StepRecord step) {
    markers.add(workflowId, owner, step);
  }

  @Override
  public void stepFinished(String workflowId, String owner, StepRecord step) {
    transactions.writeStatement(
        () -> "recording the outcome of step '" + step.name() + "' of workflow '" + workflowId + "'",
        tx -> writeStep(tx.connection(), workflowId, owner, step), false);
  }

  private Void writeStep(Connection c, String workflowId, String owner, StepRecord step) throws SQLException {
    if (!steps.writeFenced(c, workflowId, owner, step)) {
      throw runs.refused(c, workflowId, owner);
    }
    return null;
  }

  @Override
  public void workflowFinished(
      String workflowId, String owner, WorkflowStatus outcome, String outputJson, List<String> reopen, long now) {
    markers.flush();
    transactions.write(() -> "recording the outcome of workflow '" + workflowId + "'", tx -> {
      Connection c = tx.connection();
      lockParent(c, workflowId);
      WorkflowRecord finished = runs.finish(c, workflowId, owner, outcome, outputJson, now);
      if (finished == null) {
        WorkflowRecord current = runs.read(c, workflowId);
        if (tx.afterUnknownCommit() && current != null && current.status() == outcome && current.owner() == null
            && Objects.equals(current.outputJson(), outputJson)) {
          return null; // recorded by the attempt whose commit broke
        }
        throw runs.refused(c, workflowId, owner);
      }
      steps.reopen(c, workflowId, reopen);
      if (finished.parentId() != null && runs.wake(c, finished.parentId(), WaitKeys.child(workflowId), now)) {
        tx.madeReady(finished.parentId());
      }
      return null;
    });
  }

  @Override
  public void release(String workflowId, String owner, long retryAt, long now) {
    markers.flush();
    transactions.write(() -> "releasing workflow '" + workflowId + "'", tx -> {
      Connection c = tx.connection();
      if (!runs.release(c, workflowId, owner, retryAt, now)) {
        WorkflowRecord current = runs.read(c, workflowId);
        if (tx.afterUnknownCommit() && current != null && !owner.equals(current.owner())) {
          return null; // released by the attempt whose commit broke: the run is no longer ours, as asked
        }
        throw runs.refused(c, workflowId, owner);
      }
      if (retryAt <= now) {
        tx.madeReady(workflowId);
      }
      return null;
    });
  }

  @Override
  public long suspend(String workflowId, String owner, long wakeAt, List<String> waitingFor, long now) {
    markers.flushOrThrow();
    String waitingForJson = WaitKeys.toJson(waitingFor);
    return transactions.write(() -> "suspending workflow '" + workflowId + "'", tx -> {
      Connection c = tx.connection();
      // Locked first: an event's sender and a finishing or deleted child lock this row too (before
      // they change anything), so each of them either commits before the check below sees it, or
      // finds the run WAITING and wakes it.
      WorkflowRecord current = runs.lock(c, workflowId);
      if (current == null || !owner.equals(current.owner()) || current.status() != WorkflowStatus.RUNNING) {
        if (tx.afterUnknownCommit() && current != null && current.status() == WorkflowStatus.WAITING
            && Objects.equals(WaitKeys.toJson(current.waitingFor()), waitingForJson)) {
          return current.wakeAt(); // suspended by the attempt whose commit broke
        }
        throw runs.refused(c, workflowId, owner);
      }
      // What it waits for may have come while it ran: then it is due now, or nothing would wake it.
      long due = arrived(c, workflowId, waitingFor) ? now : wakeAt;
      runs.suspend(c, workflowId, due, waitingForJson, now);
      if (due <= now) {
        tx.madeReady(workflowId);
      }
      return due;
    });
  }

  /**
   * Locks the parent of {@code workflowId}, if it has one, before the child's row changes. A parent
   * that suspends to wait for this child locks its own row and then reads the child's; without this
   * lock the child's wake could run while the parent is still RUNNING (and match nothing), and the
   * parent's read could miss the child's uncommitted end, so the parent would wait for ever. With it,
   * either the parent's suspension commits first and the wake below finds it WAITING, or this
   * transaction commits first and the suspension's read sees the child finished.
   */
  private void lockParent(Connection c, String workflowId) throws SQLException {
    WorkflowRecord self = runs.read(c, workflowId);
    if (self != null && self.parentId() != null) {
      runs.lock(c, self.parentId());
    }
  }

  /** Whether an awaited event is stored or an awaited child has finished (or is gone). */
  private boolean arrived(Connection c, String workflowId, List<String> waitingFor) throws SQLException {
    for (String key : waitingFor) {
      String event = WaitKeys.eventName(key);
      if (event != null && events.pending(c, workflowId, event)) {
        return true;
      }
      String child = WaitKeys.childId(key);
      if (child != null) {
        WorkflowRecord found = runs.read(c, child);
        if (found == null || found.status().isFinished()) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public WorkflowRecord enqueue(NewWorkflow w, long now) {
    return transactions.write(() -> "recording the start of workflow '" + w.workflowId() + "'", tx -> {
      if (runs.insertPending(tx.connection(), w, null, now)) {
        tx.madeReady(w.workflowId());
      }
      return runs.read(tx.connection(), w.workflowId());
    });
  }

  @Override
  public EventDelivery sendEvent(String workflowId, String name, String payloadJson, String payloadType, long now) {
    return transactions.write(() -> "storing event '" + name + "' for workflow '" + workflowId + "'",
        tx -> storeEvent(tx, workflowId, name, payloadJson, payloadType, now));
  }

  @Override
  public EventDelivery enqueueWithEvent(NewWorkflow w, String name, String payloadJson, String payloadType, long now) {
    return transactions.write(() -> "starting workflow '" + w.workflowId() + "' with event '" + name + "'", tx -> {
      if (runs.insertPending(tx.connection(), w, null, now)) {
        tx.madeReady(w.workflowId());
      }
      return storeEvent(tx, w.workflowId(), name, payloadJson, payloadType, now);
    });
  }

  /** Stores the event if its run exists and has not completed, and wakes the run if it waits for it. */
  private EventDelivery storeEvent(Transactions.Tx tx, String workflowId, String name, String payloadJson,
      String payloadType, long now) throws SQLException {
    Connection c = tx.connection();
    // Locked, so that a suspension of the run either sees this event or is seen by the wake below.
    WorkflowRecord target = runs.lock(c, workflowId);
    if (target == null || target.status() == WorkflowStatus.COMPLETED) {
      return new EventDelivery(target, false, false);
    }
    if (tx.afterUnknownCommit() && events.stored(c, workflowId, name, payloadJson, now)) {
      // Stored by the attempt whose commit broke; woken then if it is due now and waits for it.
      boolean woken = target.status() == WorkflowStatus.WAITING && target.wakeAt() <= now
          && target.waitingFor().contains(WaitKeys.event(name));
      return new EventDelivery(target, true, woken);
    }
    events.insert(c, workflowId, name, payloadJson, payloadType, now);
    boolean woken = runs.wake(c, workflowId, WaitKeys.event(name), now);
    if (woken) {
      tx.madeReady(workflowId);
    }
    return new EventDelivery(woken ? runs.read(c, workflowId) : target, true, woken);
  }

  @Override
  public EventDelivery sendEventFromRun(String senderId, String owner, StepRecord sendStep, String targetId, String name,
      String payloadJson, String payloadType, long now) {
    return transactions.write(
        () -> "sending event '" + name + "' from workflow '" + senderId + "' to '" + targetId + "'", tx -> {
          Connection c = tx.connection();
          runs.fence(c, senderId, owner);
          if (tx.afterUnknownCommit() && steps.holds(c, senderId, sendStep)) {
            // Sent by the attempt whose commit broke: the send step is recorded with the event.
            WorkflowRecord target = runs.read(c, targetId);
            boolean woken = target != null && target.status() == WorkflowStatus.WAITING && target.wakeAt() <= now
                && target.waitingFor().contains(WaitKeys.event(name));
            return new EventDelivery(target, true, woken);
          }
          EventDelivery delivery = storeEvent(tx, targetId, name, payloadJson, payloadType, now);
          if (delivery.stored()) {
            steps.write(c, senderId, sendStep);
          }
          return delivery;
        });
  }

  @Override
  public Optional<StoredEvent> nextEvent(String workflowId, String name) {
    return transactions.read(() -> "reading the events of workflow '" + workflowId + "'",
        tx -> events.oldest(tx.connection(), workflowId, name));
  }

  @Override
  public boolean consumeEvent(String workflowId, String owner, long seq, StepRecord step) {
    return transactions.write(() -> "consuming event '" + step.name() + "' of workflow '" + workflowId + "'", tx -> {
      Connection c = tx.connection();
      runs.fence(c, workflowId, owner);
      if (!events.consume(c, seq, step.position())) {
        // Consumed at this very position by the attempt whose commit broke, with the step recorded in
        // the same transaction: that consumption is this one.
        return tx.afterUnknownCommit() && step.position().equals(events.consumedBy(c, seq));
      }
      steps.write(c, workflowId, step);
      return true;
    });
  }

  @Override
  public List<StoredEvent> events(String workflowId) {
    return transactions.read(() -> "reading the events of workflow '" + workflowId + "'",
        tx -> events.all(tx.connection(), workflowId));
  }

  @Override
  public WorkflowRecord startChild(String parentId, String owner, StepRecord startStep, NewWorkflow child, long now) {
    return transactions.write(() -> "starting child workflow '" + child.workflowId() + "' of '" + parentId + "'", tx -> {
      Connection c = tx.connection();
      runs.fence(c, parentId, owner);
      if (runs.insertPending(c, child, parentId, now)) {
        tx.madeReady(child.workflowId());
      }
      runs.inheritCancellation(c, child.workflowId(), parentId, now);
      steps.write(c, parentId, startStep);
      return runs.read(c, child.workflowId());
    });
  }

  @Override
  public Optional<WorkflowRecord> requestCancel(String workflowId, long now) {
    return transactions.write(() -> "recording the cancellation of workflow '" + workflowId + "'", tx -> {
      runs.requestCancel(tx.connection(), workflowId, now).forEach(tx::madeReady);
      return Optional.ofNullable(runs.read(tx.connection(), workflowId));
    });
  }

  @Override
  public void cancellationDelivered(String workflowId, String owner, String position) {
    transactions.write(() -> "recording where workflow '" + workflowId + "' was cancelled", tx -> {
      if (!runs.cancellationDelivered(tx.connection(), workflowId, owner, position)) {
        throw runs.refused(tx.connection(), workflowId, owner);
      }
      return null;
    });
  }

  @Override
  public boolean enqueueWithHistory(NewWorkflow w, List<StepRecord> history, long now) {
    return transactions.write(() -> "recording workflow '" + w.workflowId() + "' with a copied history", tx -> {
      WorkflowRecord existing = runs.lock(tx.connection(), w.workflowId());
      if (existing != null) {
        // After a commit whose outcome was unknown, the run found may be this call's own, and a worker
        // may have taken it since (the first attempt's NOTIFY went out at its commit): it is known by
        // what never changes, its creation instant and its call.
        return tx.afterUnknownCommit() && existing.createdAt() == now && existing.className().equals(w.className())
            && existing.method().equals(w.method()) && existing.argumentsJson().equals(w.argumentsJson());
      }
      runs.insertPending(tx.connection(), w, null, now);
      runs.markRun(tx.connection(), w.workflowId());
      for (StepRecord step : history) {
        steps.write(tx.connection(), w.workflowId(), step);
      }
      tx.madeReady(w.workflowId());
      return true;
    });
  }

  @Override
  public Optional<WorkflowRecord> acceptCode(String workflowId, String fingerprint, long now) {
    return transactions.write(() -> "letting workflow '" + workflowId + "' go on with changed code", tx -> {
      WorkflowRecord run = runs.lock(tx.connection(), workflowId);
      if (run == null || run.status() != WorkflowStatus.WAITING) {
        return Optional.ofNullable(run);
      }
      String awaited = run.waitingFor().stream().map(WaitKeys::codeFingerprint).filter(f -> f != null)
          .findFirst().orElse(null);
      if (awaited != null
          && runs.acceptCode(tx.connection(), workflowId, fingerprint != null ? fingerprint : awaited, now)) {
        tx.madeReady(workflowId);
      }
      return Optional.ofNullable(runs.read(tx.connection(), workflowId));
    });
  }

  @Override
  public Optional<WorkflowRecord> restart(String workflowId, long now) {
    return transactions.write(() -> "starting workflow '" + workflowId + "' again", tx -> {
      if (runs.restart(tx.connection(), workflowId, now)) {
        tx.madeReady(workflowId);
      }
      return Optional.ofNullable(runs.read(tx.connection(), workflowId));
    });
  }

  @Override
  public List<WorkflowRecord> list(WorkflowStatus status, String workflowName, long createdSince, int limit) {
    return transactions.read(() -> "listing workflows",
        tx -> queries.list(tx.connection(), status, workflowName, createdSince, limit));
  }

  @Override
  public List<WorkflowRecord> ready(long now, long dueBefore, int limit, Set<String> excluded) {
    return transactions.read(() -> "looking for workflows ready to run",
        tx -> queries.ready(tx.connection(), now, dueBefore, limit, excluded, liveness));
  }

  @Override
  public List<String> cancelRequested(String owner) {
    return transactions.read(() -> "looking for cancellations of the workflows of " + owner,
        tx -> queries.cancelRequested(tx.connection(), owner));
  }

  @Override
  public void renewLeases(String owner, Collection<String> workflowIds, long leaseExpiresAt) {
    transactions.write(() -> "renewing the leases of " + owner, tx -> {
      runs.renewLeases(tx.connection(), owner, workflowIds, leaseExpiresAt);
      return null;
    });
  }

  @Override
  public List<WorkflowRecord> unfinished() {
    return transactions.read(() -> "listing unfinished workflows", tx -> queries.unfinished(tx.connection()));
  }

  @Override
  public Deletion delete(String workflowId, String asker, long now) {
    markers.flush();
    boolean[] foundByAnEarlierAttempt = {false};
    return transactions.write(() -> "deleting workflow '" + workflowId + "'", tx -> {
      Connection c = tx.connection();
      lockParent(c, workflowId);
      // Decided under the row's lock, in the deletion's transaction, so that a claim cannot slip in between.
      WorkflowRecord existing = runs.lock(c, workflowId);
      if (existing == null) {
        // Deleted by the attempt whose commit broke, if that one found it.
        return new Deletion(tx.afterUnknownCommit() && foundByAnEarlierAttempt[0], null);
      }
      if (liveness.heldByAnother(existing, asker, now)) {
        return new Deletion(true, existing.owner());
      }
      foundByAnEarlierAttempt[0] = true;
      steps.delete(c, workflowId);
      events.delete(c, workflowId);
      runs.delete(c, workflowId);
      // A parent waiting for this child would wait for ever: it looks again, and finds it gone.
      if (existing.parentId() != null && runs.wake(c, existing.parentId(), WaitKeys.child(workflowId), now)) {
        tx.madeReady(existing.parentId());
      }
      return new Deletion(true, null);
    });
  }

  @Override
  public synchronized void onReadyElsewhere(Runnable nudge) {
    if (listener != null) {
      throw new IllegalStateException("onReadyElsewhere was called twice on the store of " + location());
    }
    listener = new ReadyListener(database::directConnection, schema.channel(), nudge, database.location());
    try {
      listener.start(listenWaitMillis);
    } catch (InterruptedException e) {
      // The engine is being built on an interrupted thread: it listens all the same, a moment later.
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String location() {
    return database.location();
  }

  @Override
  public synchronized void close() {
    markers.close();
    if (listener != null) {
      listener.close();
      listener = null;
    }
    database.close();
  }
}
