package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.Durable;
import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Row 8, events and child workflows (issue 16): how soon a run waiting for an event goes on after
 * {@code sendEvent} returns, in one process; how many events per second reach 1,000 waiting runs;
 * and what running three steps as a child workflow costs against the same steps inline.
 */
final class EventsBench {
  /** Shared between the sender and the step that follows each await: when each of those steps started. */
  static final class Clock {
    final Map<Integer, Long> startedNanos = new ConcurrentHashMap<>();
  }

  @DurableWorkflow(name = "bench-receiver")
  public static class Receiver {
    private final Clock clock;

    public Receiver(Clock clock) {
      this.clock = clock;
    }

    @WorkflowMethod
    public int receive(int events) {
      int sum = 0;
      for (int i = 0; i < events; i++) {
        sum += received(Durable.awaitEvent("ping", Integer.class));
      }
      return sum;
    }

    @DurableStep
    public int received(int i) {
      clock.startedNanos.put(i, System.nanoTime());
      return 1;
    }
  }

  @DurableWorkflow(name = "bench-leaf")
  public static class Leaf {
    @WorkflowMethod
    public int run(int n) {
      return work(n, 1) + work(n, 2) + work(n, 3);
    }

    @DurableStep
    public int work(int n, int k) {
      return n + k;
    }
  }

  @DurableWorkflow(name = "bench-composite")
  public static class Composite {
    @WorkflowMethod
    public int run(int n, boolean asChild) {
      if (asChild) {
        return Durable.child(Leaf.class, Durable.workflowId() + "-leaf").run(n);
      }
      return work(n, 1) + work(n, 2) + work(n, 3);
    }

    @DurableStep
    public int work(int n, int k) {
      return n + k;
    }
  }

  private final boolean full;
  private final Scratch scratch;

  EventsBench(BenchConfig config, Scratch scratch) {
    this.full = config.rounds() > 1;
    this.scratch = scratch;
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    rows.add(roundTrip(full ? 500 : 50));
    rows.add(fanIn(full ? 1_000 : 100));
    rows.add(childOverhead(full ? 300 : 30));
    return rows;
  }

  private DurableEngine engine(String name, Clock clock) {
    return DurableEngine.builder(scratch.newDb(name)).register(Receiver.class, clock)
        .durability(Durability.SURVIVES_POWER_LOSS).pollInterval(Duration.ofMillis(500)).build();
  }

  /** 8a: from sendEvent returning to the next step starting, the receiver suspended each time. */
  private Row roundTrip(int events) {
    Clock clock = new Clock();
    List<Double> ms = new ArrayList<>(events);
    try (DurableEngine engine = engine("roundtrip.db", clock)) {
      WorkflowHandle<Integer> run = engine.start(Receiver.class, "receiver", w -> w.receive(events));
      for (int i = 0; i < events; i++) {
        awaitStatus(run, WorkflowStatus.WAITING);
        engine.sendEvent("receiver", "ping", i);
        long returned = System.nanoTime();
        Long started;
        while ((started = clock.startedNanos.get(i)) == null) {
          LockSupport.parkNanos(20_000);
        }
        ms.add(Math.max(0, started - returned) / 1e6);
      }
      run.result(Duration.ofMinutes(5));
    }
    ms.sort(null);
    double p50 = ms.get(ms.size() / 2);
    double p99 = ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1));
    return new Row("8a", String.format(Locale.ROOT, "Event round trip in one process: sendEvent returned to the next"
        + " step started, receiver suspended (p50, p99 of %,d)", events),
        String.format(Locale.ROOT, "%.1f ms, %.1f ms", p50, p99), "", "", "p99 < 10 ms", Row.Verdict.of(p99 < 10));
  }

  /**
   * 8b: events per second into runs that wait for them, against the same runs started with their
   * event already stored (sendEventWithStart: no suspension, no wake-up).
   */
  private Row fanIn(int runs) {
    Clock clock = new Clock();
    double delivered;
    try (DurableEngine engine = engine("fanin.db", clock)) {
      List<WorkflowHandle<Integer>> handles = new ArrayList<>(runs);
      for (int i = 0; i < runs; i++) {
        handles.add(engine.start(Receiver.class, "waiting-" + i, w -> w.receive(1)));
      }
      awaitCount(engine, WorkflowStatus.WAITING, runs);
      long t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        engine.sendEvent("waiting-" + i, "ping", -1);
      }
      for (WorkflowHandle<Integer> h : handles) {
        h.result(Duration.ofMinutes(10));
      }
      delivered = runs / ((System.nanoTime() - t0) / 1e9);
    }
    double buffered;
    try (DurableEngine engine = engine("fanin-buffered.db", clock)) {
      long t0 = System.nanoTime();
      List<WorkflowHandle<Integer>> handles = new ArrayList<>(runs);
      for (int i = 0; i < runs; i++) {
        handles.add(engine.sendEventWithStart(Receiver.class, "buffered-" + i, w -> w.receive(1), "ping", -1));
      }
      for (WorkflowHandle<Integer> h : handles) {
        h.result(Duration.ofMinutes(10));
      }
      buffered = runs / ((System.nanoTime() - t0) / 1e9);
    }
    return new Row("8b", String.format(Locale.ROOT, "Events per second into %,d waiting runs, each woken and finished"
        + " (send to done)", runs), String.format(Locale.ROOT, "%,.0f/s", delivered),
        String.format(Locale.ROOT, "%,.0f/s started with the event stored", buffered), Row.ratio(delivered / buffered),
        "", Row.Verdict.INFO);
  }

  /** 8c: three steps run as a child workflow, against the same three steps inline; one run at a time. */
  private Row childOverhead(int runs) {
    double inline = perRunMillis(runs, false);
    double child = perRunMillis(runs, true);
    return new Row("8c", String.format(Locale.ROOT, "A run whose 3 steps are a child workflow, one at a time"
        + " (mean of %,d)", runs), String.format(Locale.ROOT, "%.1f ms", child),
        String.format(Locale.ROOT, "%.1f ms inline", inline), Row.ratio(child / inline), "", Row.Verdict.INFO);
  }

  private double perRunMillis(int runs, boolean asChild) {
    try (DurableEngine engine = DurableEngine.builder(scratch.newDb(asChild ? "child.db" : "inline.db"))
        .durability(Durability.SURVIVES_POWER_LOSS).build()) {
      // A few untimed runs first, so that both sides are measured with the proxies built and warm.
      for (int i = 0; i < 5; i++) {
        engine.workflow(Composite.class, "warm-" + i).run(i, asChild);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        engine.workflow(Composite.class, "run-" + i).run(i, asChild);
      }
      return (System.nanoTime() - t0) / 1e6 / runs;
    }
  }

  private static void awaitStatus(WorkflowHandle<?> run, WorkflowStatus status) {
    while (run.status() != status) {
      LockSupport.parkNanos(50_000);
    }
  }

  private static void awaitCount(DurableEngine engine, WorkflowStatus status, int count) {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (engine.list(WorkflowQuery.all().status(status).limit(10_000)).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + count + " runs reached " + status);
      }
      LockSupport.parkNanos(20_000_000);
    }
  }
}
