package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import java.lang.management.ManagementFactory;
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
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final BenchConfig config;
  private final Scratch scratch;

  ThroughputBench(BenchConfig config, Scratch scratch) {
    this.config = config;
    this.scratch = scratch;
  }

  List<Row> run() throws InterruptedException {
    int[] workflows = {1, 8, 64};
    int[] steps = {config.singleWorkflowSteps(), config.stepsPerWorkflow8(), config.stepsPerWorkflow64()};
    List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int round = 0; round <= config.rounds(); round++) {
      for (int i = 0; i < workflows.length; i++) {
        double[] r = stepsPerSecond(workflows[i], steps[i]);
        if (round > 0) {
          rates.get(i).add(r[0]);
          cpu.get(i).add(r[1]);
        }
      }
    }
    double base = Samples.median(rates.get(0));
    double r8 = Samples.median(rates.get(1)) / base;
    double r64 = Samples.median(rates.get(2)) / base;
    return List.of(
        new Row("2a", "Steps made durable per second, 1 workflow", result(rates.get(0), cpu.get(0)), "", "", "",
            Row.Verdict.INFO),
        new Row("2b", "Steps made durable per second, 8 concurrent workflows", result(rates.get(1), cpu.get(1)),
            Row.perSecond(base) + " (row 2a)", Row.ratio(r8), "≥ 4x", Row.Verdict.of(r8 >= 4)),
        new Row("2c", "Steps made durable per second, 64 concurrent workflows", result(rates.get(2), cpu.get(2)),
            Row.perSecond(base) + " (row 2a)", Row.ratio(r64), "≥ 10x", Row.Verdict.of(r64 >= 10)));
  }

  private static String result(List<Double> rates, List<Double> cpuNanos) {
    return Row.perSecond(Samples.median(rates)) + " (" + Row.micros(Samples.median(cpuNanos)) + " CPU per step)";
  }

  /** {steps per second, process CPU nanoseconds per step} for {@code workflows} concurrent workflows. */
  private double[] stepsPerSecond(int workflows, int stepsEach) throws InterruptedException {
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
      long cpu0 = PROCESS.getProcessCpuTime();
      long t0 = System.nanoTime();
      start.countDown();
      done.await();
      long elapsed = System.nanoTime() - t0;
      long cpu = PROCESS.getProcessCpuTime() - cpu0;
      for (Thread t : threads) {
        t.join();
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a benchmark workflow failed", failure.get());
      }
      double total = workflows * (double) stepsEach;
      return new double[] {total / (elapsed / 1e9), cpu / total};
    } finally {
      Scratch.deleteDb(db);
    }
  }
}
