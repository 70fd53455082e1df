package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Row 2: steps made durable per second (default durability) by 1, 8 and 64 workflows running at
 * once, each on its own thread, in one engine. The clock runs from releasing all threads together
 * until the last workflow returns, so claims and finishes count against the figure. Each round runs
 * the three configurations on fresh files, one after another.
 */
final class ThroughputBench {
  private final BenchConfig config;
  private final Scratch scratch;

  ThroughputBench(BenchConfig config, Scratch scratch) {
    this.config = config;
    this.scratch = scratch;
  }

  List<Row> run() throws InterruptedException {
    List<Double> one = new ArrayList<>();
    List<Double> eight = new ArrayList<>();
    List<Double> sixtyFour = new ArrayList<>();
    for (int round = 0; round <= config.rounds(); round++) {
      double a = stepsPerSecond(1, config.singleWorkflowSteps());
      double b = stepsPerSecond(8, config.stepsPerWorkflow8());
      double c = stepsPerSecond(64, config.stepsPerWorkflow64());
      if (round > 0) {
        one.add(a);
        eight.add(b);
        sixtyFour.add(c);
      }
    }
    double base = Samples.median(one);
    double r8 = Samples.median(eight) / base;
    double r64 = Samples.median(sixtyFour) / base;
    return List.of(
        new Row("2a", "Steps made durable per second, 1 workflow", Row.perSecond(base), "", "", "", Row.Verdict.INFO),
        new Row("2b", "Steps made durable per second, 8 concurrent workflows", Row.perSecond(Samples.median(eight)),
            Row.perSecond(base) + " (row 2a)", Row.ratio(r8), "≥ 4x", Row.Verdict.of(r8 >= 4)),
        new Row("2c", "Steps made durable per second, 64 concurrent workflows", Row.perSecond(Samples.median(sixtyFour)),
            Row.perSecond(base) + " (row 2a)", Row.ratio(r64), "≥ 10x", Row.Verdict.of(r64 >= 10)));
  }

  private double stepsPerSecond(int workflows, int stepsEach) throws InterruptedException {
    Path db = scratch.newDb("throughput-" + workflows);
    try (DurableEngine engine = Scratch.engine(db, Durability.SURVIVES_POWER_LOSS, Probe.NONE)) {
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(workflows);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < workflows; w++) {
        StepsWorkflow workflow = engine.workflow(StepsWorkflow.class, "throughput-" + w);
        Thread t = new Thread(() -> {
          try {
            start.await();
            workflow.run(stepsEach);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          } finally {
            done.countDown();
          }
        }, "bench-workflow-" + w);
        t.start();
        threads.add(t);
      }
      long t0 = System.nanoTime();
      start.countDown();
      done.await();
      long elapsed = System.nanoTime() - t0;
      for (Thread t : threads) {
        t.join();
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a benchmark workflow failed", failure.get());
      }
      return workflows * (double) stepsEach / (elapsed / 1e9);
    } finally {
      Scratch.deleteDb(db);
    }
  }
}
