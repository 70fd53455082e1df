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
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Row 7, the engine-owned runs of issue 15: how much a sleeping run costs (threads, heap), how late
 * its timer fires, how long a resume after a sleep takes with a long history, and how fast {@code
 * start} gets short runs done against synchronous calls from 64 threads, all in one process.
 */
final class LifecycleBench {
  /** Where each timer's lateness is collected: the step after the sleep records when it started. */
  static final class Lateness {
    final ConcurrentLinkedQueue<Long> millis = new ConcurrentLinkedQueue<>();
  }

  @DurableWorkflow(name = "bench-sleeper")
  public static class Sleeper {
    private final Lateness lateness;

    public Sleeper(Lateness lateness) {
      this.lateness = lateness;
    }

    @WorkflowMethod
    public long run(int historySteps, long sleepMillis) {
      long sum = 0;
      for (int i = 0; i < historySteps; i++) {
        sum += step(i);
      }
      Instant due = Durable.now().plusMillis(sleepMillis);
      Durable.sleepUntil(due);
      return sum + woke(due.toEpochMilli());
    }

    @DurableStep
    public long step(int i) {
      return i;
    }

    @DurableStep
    public long woke(long dueMillis) {
      lateness.millis.add(System.currentTimeMillis() - dueMillis);
      return 1;
    }
  }

  private final boolean full;
  private final Scratch scratch;

  LifecycleBench(BenchConfig config, Scratch scratch) {
    this.full = config.rounds() > 1;
    this.scratch = scratch;
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    rows.addAll(sleepingRuns(full ? 10_000 : 200));
    rows.add(timerLateness(full ? 1_000 : 50, true, "7c", 0, "Timer lateness, %,d workflows sleeping 1 s at once (p50, p99)",
        "p99 < 50 ms"));
    rows.add(timerLateness(full ? 20 : 3, false, "7d", full ? 1_000 : 100,
        "Due to next step after a 1 s sleep, %2$,d recorded steps, one workflow at a time (p50, p99 of %1$d)",
        "p99 < 10 ms"));
    rows.add(startThroughput(full ? 10_000 : 200));
    return rows;
  }

  private DurableEngine engine(String name, Lateness lateness) {
    return DurableEngine.builder(scratch.newDb(name)).register(Sleeper.class, lateness)
        .durability(Durability.SURVIVES_POWER_LOSS).pollInterval(Duration.ofMillis(500)).build();
  }

  /** 7a, 7b: threads and heap held by many runs asleep at once. */
  private List<Row> sleepingRuns(int runs) throws Exception {
    Lateness unused = new Lateness();
    try (DurableEngine engine = engine("sleepers.db", unused)) {
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
      long heapBefore = usedHeapAfterGc();
      for (int i = 0; i < runs; i++) {
        engine.start(Sleeper.class, "sleeper-" + i, w -> w.run(0, 3_600_000));
      }
      awaitCount(engine, WorkflowStatus.WAITING, runs, Duration.ofMinutes(10));
      // Worker threads that ran the starts end after a few idle seconds.
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      int threads;
      while ((threads = ManagementFactory.getThreadMXBean().getThreadCount()) > threadsBefore + 4
          && System.nanoTime() < settle) {
        LockSupport.parkNanos(100_000_000);
      }
      long heap = usedHeapAfterGc() - heapBefore;
      String count = String.format(Locale.ROOT, "%,d", runs);
      return List.of(
          new Row("7a", "Live threads with " + count + " workflows asleep", threads + " (" + threadsBefore + " before)",
              threadsBefore + " before", "", "flat", Row.Verdict.of(threads <= threadsBefore + 4)),
          new Row("7b", "Heap retained by " + count + " workflows asleep", Row.mib(heap), "", "", "< 64 MiB",
              Row.Verdict.of(heap < 64L * 1024 * 1024)));
    }
  }

  /**
   * 7c, 7d: how late the step after a sleep starts, from its recorded due time: many workflows at once
   * (the timers' precision under load), or one at a time (the cost of a resume: claim, history query,
   * replay).
   */
  private Row timerLateness(int runs, boolean atOnce, String id, int historySteps, String what, String target)
      throws Exception {
    Lateness lateness = new Lateness();
    try (DurableEngine engine = engine("timers-" + id + ".db", lateness)) {
      List<WorkflowHandle<Long>> handles = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        WorkflowHandle<Long> handle = engine.start(Sleeper.class, "timer-" + i, w -> w.run(historySteps, 1_000));
        if (atOnce) {
          handles.add(handle);
        } else {
          handle.result(Duration.ofMinutes(5));
        }
      }
      for (WorkflowHandle<Long> h : handles) {
        h.result(Duration.ofMinutes(5));
      }
    }
    List<Double> late = lateness.millis.stream().map(Long::doubleValue).sorted().toList();
    double p50 = late.get(late.size() / 2);
    double p99 = late.get(Math.min(late.size() - 1, (int) Math.ceil(late.size() * 0.99) - 1));
    double limit = target.contains("50") ? 50 : 10;
    return new Row(id, String.format(Locale.ROOT, what, runs, historySteps),
        String.format(Locale.ROOT, "%.0f ms, %.0f ms", p50, p99), "", "", target, Row.Verdict.of(p99 < limit));
  }

  /** 7e: short runs done per second through start() and handles, against synchronous calls from 64 threads. */
  private Row startThroughput(int runs) throws Exception {
    Lateness unused = new Lateness();
    double started;
    try (DurableEngine engine = engine("starts.db", unused)) {
      long t0 = System.nanoTime();
      List<WorkflowHandle<Long>> handles = new ArrayList<>(runs);
      for (int i = 0; i < runs; i++) {
        handles.add(engine.start(Sleeper.class, "start-" + i, w -> w.run(1, 0)));
      }
      for (WorkflowHandle<Long> h : handles) {
        h.result(Duration.ofMinutes(10));
      }
      started = runs / ((System.nanoTime() - t0) / 1e9);
    }
    double called;
    try (DurableEngine engine = engine("calls.db", unused)) {
      ExecutorService callers = Executors.newFixedThreadPool(64);
      try {
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
          String id = "call-" + i;
          futures.add(callers.submit(() -> engine.workflow(Sleeper.class, id).run(1, 0)));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        called = runs / ((System.nanoTime() - t0) / 1e9);
      } finally {
        callers.shutdown();
      }
    }
    return new Row("7e", String.format(Locale.ROOT, "Workflows done per second, %,d started with start() (1 step, a 0 s sleep)",
        runs), String.format(Locale.ROOT, "%,.0f/s", started), String.format(Locale.ROOT, "%,.0f/s from 64 calling threads",
        called), Row.ratio(started / called), "", Row.Verdict.INFO);
  }

  private static void awaitCount(DurableEngine engine, WorkflowStatus status, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (engine.list(WorkflowQuery.all().status(status).limit(10_000)).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + count + " runs reached " + status + " within " + timeout);
      }
      LockSupport.parkNanos(50_000_000);
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
