package dev.durable.internal;

import dev.durable.internal.store.WorkflowStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of the workflows this engine is running, on its own thread, so that a step that
 * runs longer than the lease never lets another process take the workflow over while its owner lives.
 */
final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final WorkflowStore store;
  private final String owner;
  private final Clock clock;
  private final long leaseMillis;
  private final AtomicInteger active = new AtomicInteger();
  /** The runs this engine executes now: only theirs are renewed. */
  private final Map<String, RunContext> running;
  private final ScheduledExecutorService timer;

  LeaseKeeper(WorkflowStore store, String owner, Clock clock, long leaseMillis, Map<String, RunContext> running) {
    this.running = running;
    this.store = store;
    this.owner = owner;
    this.clock = clock;
    this.leaseMillis = leaseMillis;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "durable-lease-keeper");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, leaseMillis / 3);
    timer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  void track() {
    active.incrementAndGet();
  }

  void untrack() {
    active.decrementAndGet();
  }

  private void renew() {
    if (active.get() == 0) {
      return;
    }
    try {
      List<String> ids = List.copyOf(running.keySet());
      if (!ids.isEmpty()) {
        store.renewLeases(owner, ids, clock.millis() + leaseMillis);
      }
    } catch (RuntimeException e) {
      // The next period retries; until the lease expires nobody can take the workflows over.
      log.warn("Could not renew the leases of {}; will retry in {} ms", owner, leaseMillis / 3, e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
