package dev.durable.internal.store.sqlite;

import dev.durable.DurableStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs every write of the store on one connection, and lets concurrent writers share a commit.
 *
 * <p>A writer enqueues its work and tries the lock. Whoever holds the lock drains the queue, applies
 * everything in one transaction, commits once and, after releasing the lock, wakes the writers whose
 * work went into that commit as a tree (it wakes one, each woken writer two more); they return
 * without touching the lock. When the last synced batch had several writers, a leader first waits
 * briefly for the batch to fill (see {@link #gather}), and a lone single-statement write skips
 * BEGIN and COMMIT (see {@link #submitOneStatement}). A writer that finds the lock taken parks until it is woken,
 * either because its work is done or because it is at the head of the queue when the lock is
 * released, and then leads the next batch. While one commit syncs, the next batch gathers, so N
 * concurrent steps cost far fewer than N syncs, and a lone step costs exactly one. (Waiting for the
 * lock itself instead, as a first version did, let every finished writer queue behind the next
 * leader's sync just to learn that its work was done, so commits were hardly ever shared.)
 *
 * <p>A batch is synced ({@code synchronous=FULL}) only if one of its writes asked for durability;
 * bookkeeping writes alone use {@code NORMAL}, which writes to the OS without waiting for the disk
 * but keeps checkpoints safe. Work that fails is taken out and the rest of its batch is retried, so
 * one bad write never takes others down with it.
 */
final class GroupCommitter {
  /** A unit of work applied inside the shared transaction. */
  @FunctionalInterface
  interface Work<T> {
    T apply() throws SQLException;
  }

  /** Told when a batch's transaction begins and ends, to keep state that is valid only inside it. */
  interface TransactionListener {
    /** Right after BEGIN IMMEDIATE, holding the write lock, before any work of the batch runs. */
    void begun() throws SQLException;

    /** After the batch's COMMIT, or after its ROLLBACK ({@code committed} false). */
    void ended(boolean committed);

    TransactionListener NONE = new TransactionListener() {
      @Override
      public void begun() {}

      @Override
      public void ended(boolean committed) {}
    };
  }

  private static final int MAX_BATCH = 512;
  /** The longest a leader waits for a batch to fill up, whatever the last sync took. */
  private static final long MAX_GATHER_NANOS = 200_000;
  /** A batch stops waiting to fill once no writer has arrived for this long: the rest are not coming soon. */
  private static final long QUIET_NANOS = 40_000;

  private final ConcurrentLinkedQueue<Request<?>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection;
  private final SqliteErrors errors;
  private final boolean durableCommitsSync;
  private final TransactionListener listener;
  // Not final: sqlite-jdbc leaves a parameterless PreparedStatement unusable after its execute()
  // failed ("statement is not executing"), so they are prepared afresh after every failed batch.
  private PreparedStatement begin;
  private PreparedStatement commit;
  private PreparedStatement rollback;
  private Boolean lastSynced;
  // Guarded by lock: how the last synced batch went, to decide how long the next one waits to fill.
  private int lastSyncedBatchSize;
  private long lastSyncNanos;
  private volatile long commits;
  // The leader while it waits for its batch to fill, and how many requests it waits for.
  private volatile Thread gatherer;
  private volatile int gatherTarget = Integer.MAX_VALUE;

  GroupCommitter(Connection connection, SqliteErrors errors, boolean durableCommitsSync) throws SQLException {
    this(connection, errors, durableCommitsSync, TransactionListener.NONE);
  }

  GroupCommitter(Connection connection, SqliteErrors errors, boolean durableCommitsSync, TransactionListener listener)
      throws SQLException {
    this.connection = connection;
    this.errors = errors;
    this.durableCommitsSync = durableCommitsSync;
    this.listener = listener;
    prepareControlStatements();
  }

  private void prepareControlStatements() throws SQLException {
    begin = connection.prepareStatement("BEGIN IMMEDIATE");
    commit = connection.prepareStatement("COMMIT");
    rollback = connection.prepareStatement("ROLLBACK");
    lastSynced = null;
  }

  /** After a failed BEGIN, COMMIT or PRAGMA: replace the control statements, which may be broken now. */
  private void renewControlStatements(Throwable error) {
    try {
      close();
    } catch (SQLException e) {
      error.addSuppressed(e);
    }
    try {
      prepareControlStatements();
    } catch (SQLException e) {
      // The next batch fails on the broken statements and says so; nothing more can be done here.
      error.addSuppressed(e);
    }
  }

  /**
   * Applies {@code work} in a transaction and returns once it is committed (and, if {@code durable},
   * synced to disk).
   *
   * @param action what the work does, for error messages
   */
  <T> T submit(String action, boolean durable, Work<T> work) {
    return submit(() -> action, durable, false, work);
  }

  /**
   * As {@link #submit(String, boolean, Work)} for work that writes with a single statement (any
   * others only read), building the description only if it is needed. Alone in its batch, such work
   * runs as an autocommitted statement: one statement is atomic by itself, and skipping BEGIN and
   * COMMIT saves a lone workflow about 3 µs per step. The work must cope with its statement failing
   * in the commit (SQLITE_FULL, say), which sqlite-jdbc can leave unusable.
   */
  <T> T submitOneStatement(Supplier<String> action, boolean durable, Work<T> work) {
    return submit(action, durable, true, work);
  }

  private <T> T submit(Supplier<String> action, boolean durable, boolean oneStatement, Work<T> work) {
    Request<T> request = new Request<>(action, durable, oneStatement, work);
    queue.add(request);
    int count = queued.incrementAndGet();
    Thread leader = gatherer;
    if (leader != null && count >= gatherTarget) {
      LockSupport.unpark(leader);
    }
    boolean interrupted = false;
    while (!request.done) {
      if (lock.tryLock()) {
        List<Request<?>[]> finished = new ArrayList<>();
        Throwable thrown = null;
        try {
          while (!request.done) {
            commitBatch(finished);
          }
        } catch (Throwable t) {
          thrown = t;
          // Thrown before this leader took its own request off the queue: take it off now, or a
          // later leader would apply work whose writer has already been told it failed.
          if (!request.done && queue.remove(request)) {
            queued.decrementAndGet();
          }
        } finally {
          unlockAndWakeNext();
          // Waking a parked thread is a system call of several microseconds, so it is done outside
          // the lock, and as a tree: the leader wakes the first writer of each batch, and each woken
          // writer wakes two more (see Request.wakeOthers), so the last of 64 waits for 6 wake-ups
          // in a row, not 63.
          for (Request<?>[] batch : finished) {
            batch[0].wake();
          }
        }
        if (thrown != null) {
          if (request.done) {
            // Its children in the wake-up tree wait for this writer to wake them, error or not.
            request.wakeOthers();
          }
          throw rethrown(thrown);
        }
      } else {
        // The leader either commits this request (and unparks us) or, once it releases the lock,
        // unparks the writer at the head of the queue to lead the next batch. Spurious wake-ups loop.
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
    }
    request.wakeOthers();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (request.failure != null) {
      throw rethrown(request.failure);
    }
    return request.result;
  }

  /** Requests fail with unchecked throwables only (SQLExceptions are translated). */
  private static RuntimeException rethrown(Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("unexpected checked exception from a store write", t);
  }

  /** How many transactions have committed, for tests and diagnostics. */
  long commits() {
    return commits;
  }

  /** How many requests wait in the queue, for tests. */
  int queuedRequests() {
    return queued.get();
  }

  /** Runs {@code work} alone under the write lock, outside any batch, for maintenance. */
  <T> T exclusive(Work<T> work) throws SQLException {
    lock.lock();
    try {
      return work.apply();
    } finally {
      unlockAndWakeNext();
    }
  }

  /** Releases the lock and wakes the writer whose work is next, so that it leads the next batch. */
  private void unlockAndWakeNext() {
    lock.unlock();
    Request<?> next = queue.peek();
    if (next != null) {
      LockSupport.unpark(next.thread);
    }
  }

  /**
   * Commits the next batch; its requests are marked done and added to {@code finished}, not yet
   * woken. Whatever is thrown, and wherever (a request's work, BEGIN, the listener, COMMIT), every
   * request taken off the queue is marked done and no transaction stays open: an {@code Error}
   * that escaped here once left the write lock held and the batch's other writers parked for ever,
   * and a later write was reported committed inside a transaction that was never committed.
   */
  private void commitBatch(List<Request<?>[]> finished) {
    gather();
    List<Request<?>> pending = new ArrayList<>();
    for (Request<?> r; pending.size() < MAX_BATCH && (r = queue.poll()) != null; ) {
      queued.decrementAndGet();
      pending.add(r);
    }
    try {
      while (!pending.isEmpty()) {
        if (pending.size() == 1 && pending.get(0).oneStatement) {
          commitAlone(pending.remove(0), finished);
        } else {
          commitTransaction(pending, finished);
        }
      }
    } finally {
      if (!pending.isEmpty()) {
        // Only if the error handling below failed in turn (a second StackOverflowError, say).
        Request.failAll(finished, pending, errors.interrupted(describe(pending), null));
        pending.clear();
      }
    }
  }

  /**
   * Applies {@code pending} in one transaction. On success all are removed and marked done; a
   * request whose work throws is removed and failed with that throwable, and the rest stay pending
   * for the next transaction; a failure outside the requests' work fails them all.
   */
  private void commitTransaction(List<Request<?>> pending, List<Request<?>[]> finished) {
    boolean durable = false;
    for (Request<?> r : pending) {
      durable |= r.durable;
    }
    boolean committed = false;
    try {
      setSynced(durable && durableCommitsSync);
      begin.execute();
      listener.begun();
      int failedAt = -1;
      Throwable failure = null;
      for (int i = 0; i < pending.size() && failedAt < 0; i++) {
        try {
          pending.get(i).run();
        } catch (SQLException e) {
          failedAt = i;
          failure = errors.translate(pending.get(i).action.get(), e);
        } catch (Throwable e) {
          // An OutOfMemoryError binding a large result is this request's failure, like any other.
          failedAt = i;
          failure = e;
        }
      }
      if (failedAt >= 0) {
        listener.ended(false);
        rollback.execute();
        Request<?> failed = pending.remove(failedAt);
        finished.add(Request.group(List.of(failed)));
        failed.fail(failure);
        return;
      }
      long commitStarted = System.nanoTime();
      commit.execute();
      committed = true;
      commits++;
      if (durable && durableCommitsSync) {
        lastSyncNanos = System.nanoTime() - commitStarted;
        lastSyncedBatchSize = pending.size();
      }
      listener.ended(true);
      Request.succeedAll(finished, pending);
      pending.clear();
    } catch (SQLException e) {
      listener.ended(false);
      DurableStoreException error = errors.translate(describe(pending), e);
      rollbackAfter(error);
      renewControlStatements(error);
      Request.failAll(finished, pending, error);
      pending.clear();
    } catch (Throwable t) {
      listener.ended(false);
      if (committed) {
        // Only the listener's bookkeeping failed, after the commit: the writes are durable.
        Request.succeedAll(finished, pending);
        pending.clear();
        throw t;
      }
      DurableStoreException error = errors.interrupted(describe(pending), t);
      rollbackAfter(error);
      renewControlStatements(error);
      Request.failAll(finished, pending, error);
      pending.clear();
    }
  }

  /** Runs one single-statement request in autocommit mode (see {@link #submitOneStatement}). */
  private void commitAlone(Request<?> request, List<Request<?>[]> finished) {
    finished.add(Request.group(List.of(request)));
    try {
      setSynced(request.durable && durableCommitsSync);
      long started = System.nanoTime();
      request.run();
      commits++;
      if (request.durable && durableCommitsSync) {
        lastSyncNanos = System.nanoTime() - started;
        lastSyncedBatchSize = 1;
      }
      request.succeed();
    } catch (SQLException e) {
      DurableStoreException error = errors.translate(request.action.get(), e);
      // An autocommitted statement that failed has rolled back its own transaction; this makes sure.
      rollbackAfter(error);
      renewControlStatements(error);
      request.fail(error);
    } catch (Throwable t) {
      // Its statement either committed whole or not at all; the writer is told it failed, and a
      // replay finds the record if it was committed after all.
      rollbackAfter(t);
      request.fail(t);
    }
  }

  /**
   * Lets a batch fill up before it is committed, when the last synced batch showed that several
   * writers are active. Without this the first writer back from the last commit found the lock free
   * and synced its step alone, while the others, a few microseconds behind it, waited for that whole
   * sync and then shared the next one: 8 workflows got about 4 steps per sync instead of 8. Waiting
   * (parked, so that the writers still on their way get the core; the writer that completes the
   * batch unparks it) until as many requests are queued as the last batch had, for at most half the
   * last sync's time, costs a lone workflow nothing (its batches
   * have one request) and costs others less than the sync they would otherwise miss. The wait also
   * ends when no writer has arrived for {@link #QUIET_NANOS}: with 64 workflows the last few of a
   * batch often come much later, and waiting for them kept the lock idle for a third of a sync.
   */
  private void gather() {
    int expected = lastSyncedBatchSize;
    if (expected <= 1 || queued.get() >= expected) {
      return;
    }
    long now = System.nanoTime();
    long deadline = now + Math.min(lastSyncNanos / 2, MAX_GATHER_NANOS);
    long quietUntil = now + QUIET_NANOS;
    int seen = queued.get();
    gatherTarget = expected;
    gatherer = Thread.currentThread();
    try {
      while (seen < expected && now < deadline && now < quietUntil) {
        // Parked, not spinning: on a small machine the writers it waits for need this core.
        LockSupport.parkNanos(this, Math.min(deadline, quietUntil) - now);
        now = System.nanoTime();
        int count = queued.get();
        if (count != seen) {
          seen = count;
          quietUntil = now + QUIET_NANOS;
        }
      }
    } finally {
      gatherer = null;
      gatherTarget = Integer.MAX_VALUE;
    }
  }

  /**
   * SQLite applies {@code PRAGMA synchronous} when the statement is prepared, not when it runs: a
   * prepared PRAGMA statement is a no-op on its first execution and is re-prepared on later ones. So
   * a statement kept prepared silently skipped the first switch to FULL (the first durable commit of
   * an engine was not synced); a fresh statement applies the setting every time.
   */
  private void setSynced(boolean synced) throws SQLException {
    if (lastSynced == null || lastSynced != synced) {
      try (Statement pragma = connection.createStatement()) {
        pragma.execute(synced ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
      }
      lastSynced = synced;
    }
  }

  /** After a failed BEGIN or COMMIT SQLite may or may not have ended the transaction; make sure. */
  private void rollbackAfter(Throwable error) {
    try {
      rollback.execute();
    } catch (SQLException e) {
      // "cannot rollback - no transaction is active" means SQLite already rolled back: expected.
      if (!noTransaction(e)) {
        // After SQLITE_FULL on COMMIT the prepared ROLLBACK can fail ("statement is not executing")
        // while the transaction stays open, and every later BEGIN would then fail with "cannot start
        // a transaction within a transaction" even once space is back. A fresh statement ends it.
        try (Statement fresh = connection.createStatement()) {
          fresh.execute("ROLLBACK");
        } catch (SQLException again) {
          if (!noTransaction(again)) {
            error.addSuppressed(e);
            error.addSuppressed(again);
          }
        }
      }
    }
  }

  private static boolean noTransaction(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("no transaction is active");
  }

  private static String describe(List<Request<?>> pending) {
    String first = pending.get(0).action.get();
    return pending.size() == 1 ? first : first + " (and " + (pending.size() - 1) + " other writes)";
  }

  void close() throws SQLException {
    for (PreparedStatement s : List.of(begin, commit, rollback)) {
      s.close();
    }
  }

  static final class Request<T> {
    final Supplier<String> action;
    final boolean durable;
    final boolean oneStatement;
    final Work<T> work;
    final Thread thread = Thread.currentThread();
    T result;
    /** A RuntimeException or an Error; set before done. */
    Throwable failure;
    // Set before done; done's volatile write publishes them to the submitting thread.
    private Request<?>[] group;
    private int index;
    volatile boolean done;

    Request(Supplier<String> action, boolean durable, boolean oneStatement, Work<T> work) {
      this.action = action;
      this.durable = durable;
      this.oneStatement = oneStatement;
      this.work = work;
    }

    void run() throws SQLException {
      result = work.apply();
    }

    void succeed() {
      done = true;
    }

    void fail(Throwable e) {
      failure = e;
      done = true;
    }

    /** Marks the requests of one commit done, as a wake-up tree added to {@code finished}. */
    static void succeedAll(List<Request<?>[]> finished, List<Request<?>> requests) {
      Request<?>[] group = group(requests);
      finished.add(group);
      // Last first: a request wakes only requests after it in the tree, and its submitter may be
      // awake already (woken for another reason) and see it done at once. Marked first to last,
      // such a submitter woke children not yet marked done, which parked again, and nothing ever
      // woke them (a hang of 1 in about 2 million writes with 16 threads; GroupCommitterTest).
      for (int i = group.length - 1; i >= 0; i--) {
        group[i].succeed();
      }
    }

    /** As {@link #succeedAll}, all failing with {@code failure}. */
    static void failAll(List<Request<?>[]> finished, List<Request<?>> requests, RuntimeException failure) {
      Request<?>[] group = group(requests);
      finished.add(group);
      for (int i = group.length - 1; i >= 0; i--) {
        group[i].fail(failure);
      }
    }

    /** Makes the requests of one commit a wake-up tree: request i wakes 2i+1 and 2i+2. */
    static Request<?>[] group(List<Request<?>> requests) {
      Request<?>[] group = requests.toArray(new Request<?>[0]);
      for (int i = 0; i < group.length; i++) {
        group[i].group = group;
        group[i].index = i;
      }
      return group;
    }

    /** Run by the submitting thread once it sees its request done: wakes its two children in the tree. */
    void wakeOthers() {
      for (int child = 2 * index + 1; child <= 2 * index + 2 && child < group.length; child++) {
        group[child].wake();
      }
    }

    /** Unparks the submitting thread (a stray unpark after it has moved on only makes one park return early). */
    void wake() {
      if (thread != Thread.currentThread()) {
        LockSupport.unpark(thread);
      }
    }
  }
}
