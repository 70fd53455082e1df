package dev.durable.postgres;

import dev.durable.DurableStoreException;
import dev.durable.internal.store.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the started markers of steps (the records that let a resumed run tell a re-executed step)
 * off the step's path: a step call queues its marker and runs its body at once, and a thread of the
 * store writes what is queued, many markers in one round trip, unsynced. A marker only labels a step,
 * so losing the queue to a crash loses labels, never results (as SQLite's marker files may).
 *
 * <p>A marker must not undo what comes after it: it is written only over nothing, or over a record of
 * the same step that says less (an earlier attempt's marker, a failure reopened for this run), and
 * only while its owner holds the run. Before anything reads a history or hands a run over (a
 * suspension, a release, an outcome, a deletion), the store flushes the queue, so that a resumed run
 * counts the attempts it made.
 */
final class StartedMarkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StartedMarkers.class);

  /** A queued marker. */
  record Marker(String workflowId, String owner, StepRecord step) {}

  private final Transactions transactions;
  private final StepRows steps;
  private final ConcurrentLinkedQueue<Marker> queue = new ConcurrentLinkedQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  private boolean warned;

  StartedMarkers(Transactions transactions, StepRows steps, String name) {
    this.transactions = transactions;
    this.steps = steps;
    this.writer = new Thread(this::writeQueued, "durable-markers-" + name);
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a step's started marker. */
  void add(String workflowId, String owner, StepRecord step) {
    boolean first = queue.isEmpty();
    queue.add(new Marker(workflowId, owner, step));
    if (first) {
      LockSupport.unpark(writer);
    }
  }

  /**
   * Writes every marker queued so far before it returns, or throws: before a run suspends, whose
   * markers count the attempts a retry after a long backoff has made.
   */
  void flushOrThrow() {
    flush(true);
  }

  /** Writes every marker queued so far before it returns; a failure is said once and costs labels. */
  void flush() {
    flush(false);
  }

  private synchronized void flush(boolean strict) {
    List<Marker> batch = new ArrayList<>();
    for (Marker m; (m = queue.poll()) != null; ) {
      batch.add(m);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      transactions.writeStatement(() -> "recording the start of " + batch.size() + " steps",
          tx -> {
            steps.writeStarted(tx.connection(), batch);
            return null;
          }, true);
      warned = false;
    } catch (DurableStoreException e) {
      if (strict) {
        throw e;
      }
      // Labels only: the steps' outcomes are written (or refused) on their own. Said once per outage.
      if (!warned) {
        warned = true;
        log.warn("Durable could not record that {} steps started ({}); if their runs are resumed after a crash,"
            + " those steps run again without the 're-executed' label. Step outcomes are not affected.",
            batch.size(), e.getMessage());
      }
    }
  }

  /**
   * How long the writer lets markers gather after the first one comes: a sequential workflow then
   * sends one round trip per a few dozen steps instead of one per step, on a machine whose cores its
   * steps and the server share. Only labels wait.
   */
  private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private void writeQueued() {
    while (!closed) {
      if (queue.isEmpty()) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        continue;
      }
      LockSupport.parkNanos(GATHER_NANOS);
      flush();
    }
  }

  /** Writes what is queued and stops the thread. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
