package dev.durable.bench;

import dev.durable.ConcurrentRunPolicy;
import dev.durable.Durability;
import dev.durable.internal.EngineConfig;
import dev.durable.internal.JsonCodec;
import dev.durable.internal.ProcessOwners;
import dev.durable.internal.WorkflowEngineCore;
import dev.durable.internal.store.sqlite.SqliteWorkflowStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Row 2: steps made durable per second (default durability) by 1, 8 and 64 workflows running at
 * once, each on its own thread ({@link BenchConfig#threads}), in one engine. The clock runs from
 * releasing all threads together until the last workflow returns, so claims and finishes count
 * against the figure. Each round runs the three configurations (each on its own engine and file,
 * kept for all rounds) one after another, and after each the same rows without the engine: from one
 * thread in batches of that size (2d, the storage's ceiling) and from that many threads through a
 * bare group commit (2e, what one thread per workflow can reach).
 */
final class ThroughputBench {
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * Untimed rounds before the timed ones. With one, the 64-workflow rounds were timed while the JIT
   * was still compiling: the process's CPU per step fell from 63 to 48, 44 and 38 µs over the first
   * four rounds and then stayed between 36 and 43 (one run, printed per round), so a figure timed from
   * round 1 on measured the warm-up, not the engine an application keeps running.
   */
  private static final int WARMUP_ROUNDS = 4;

  private final BenchConfig config;
  private final Scratch scratch;

  /** Untimed rounds of this run: {@link #WARMUP_ROUNDS}, or one for the quick smoke run. */
  static int warmupRounds(BenchConfig config) {
    return config.rounds() > 1 ? WARMUP_ROUNDS : 1;
  }

  ThroughputBench(BenchConfig config, Scratch scratch) {
    this.config = config;
    this.scratch = scratch;
  }

  List<Row> run() throws InterruptedException {
    int[] workflows = {1, 8, 64};
    int[] steps = {config.singleWorkflowSteps(), config.stepsPerWorkflow8(), config.stepsPerWorkflow64()};
    List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Double>> perCommit = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Double>> ceiling = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Double>> bareThreads = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<Engine> engines = new ArrayList<>();
    Path rawDb = scratch.newDb("throughput-raw");
    try {
      RawInserts.createSchema(rawDb);
      for (int n : workflows) {
        engines.add(new Engine(scratch.newDb("throughput-" + n)));
      }
      int warmup = warmupRounds(config);
      for (int round = 0; round < warmup + config.rounds(); round++) {
        for (int i = 0; i < workflows.length; i++) {
          double[] r = stepsPerSecond(engines.get(i), config.threads(), "r" + round, workflows[i], steps[i]);
          // The same number of rows, batched as the engine could at best, right after it on the same disk.
          double raw = RawInserts.rowsPerSecond(rawDb, workflows[i], workflows[i] * steps[i]);
          // And from as many threads as the engine had, through a bare group commit (one thread alone is row 2d's).
          double bare = workflows[i] > 1 ? RawGroupCommit.rowsPerSecond(rawDb, config.threads(), workflows[i], steps[i]) : raw;
          if (round >= warmup) {
            rates.get(i).add(r[0]);
            cpu.get(i).add(r[1]);
            perCommit.get(i).add(r[2]);
            ceiling.get(i).add(raw);
            bareThreads.get(i).add(bare);
          }
        }
      }
    } finally {
      engines.forEach(Engine::close);
      Scratch.deleteDb(rawDb);
    }
    double c1 = Samples.median(ceiling.get(0));
    double c8 = Samples.median(ceiling.get(1));
    double c64 = Samples.median(ceiling.get(2));
    double g8 = Samples.median(bareThreads.get(1));
    double g64 = Samples.median(bareThreads.get(2));
    double base = Samples.median(rates.get(0));
    double r8 = Samples.median(rates.get(1)) / base;
    double r64 = Samples.median(rates.get(2)) / base;
    // Each round's own ratio: its configurations ran one after the other on the same disk.
    List<Double> rounds8 = Samples.quotients(rates.get(1), rates.get(0));
    List<Double> rounds64 = Samples.quotients(rates.get(2), rates.get(0));
    // The default (platform threads, as on Java 17) keeps the rows' names; the other kind is named.
    String on = config.threads() == WorkflowThreads.PLATFORM ? "" : " (" + config.threads().label + " threads)";
    return List.of(
        new Row("2a", "Steps made durable per second, 1 workflow" + on, result(rates.get(0), cpu.get(0), perCommit.get(0)), "", "", "",
            Row.Verdict.INFO),
        new Row("2b", "Steps made durable per second, 8 concurrent workflows" + on, result(rates.get(1), cpu.get(1), perCommit.get(1)),
            Row.perSecond(base) + " (row 2a)", Row.ratio(r8, rounds8), "≥ 4x", Row.Verdict.of(r8 >= 4)),
        new Row("2c", "Steps made durable per second, 64 concurrent workflows" + on, result(rates.get(2), cpu.get(2), perCommit.get(2)),
            Row.perSecond(base) + " (row 2a)", Row.ratio(r64, rounds64), "≥ 10x", Row.Verdict.of(r64 >= 10)),
        new Row("2d", "For context: plain sqlite-jdbc on one thread, 8 and 64 rows per synced commit (no engine, no threads)",
            String.format(java.util.Locale.ROOT, "%,.0f and %,.0f rows/s", c8, c64),
            String.format(java.util.Locale.ROOT, "%,.0f rows/s, 1 row per commit", c1),
            Row.ratio(c8 / c1) + ", " + Row.ratio(c64 / c1), "", Row.Verdict.INFO),
        new Row("2e", "For context: plain sqlite-jdbc from 8 and 64 " + config.threads().label
                + " threads, one row each, through a bare group commit (no engine)",
            String.format(java.util.Locale.ROOT, "%,.0f and %,.0f rows/s", g8, g64),
            String.format(java.util.Locale.ROOT, "%,.0f rows/s, 1 row per commit (row 2d)", c1),
            Row.ratio(g8 / c1) + ", " + Row.ratio(g64 / c1), "", Row.Verdict.INFO));
  }

  private static String result(List<Double> rates, List<Double> cpuNanos, List<Double> stepsPerCommit) {
    return Row.perSecond(Samples.median(rates)) + " (" + Row.micros(Samples.median(cpuNanos)) + " CPU per step, "
        + String.format(java.util.Locale.ROOT, "%.1f", Samples.median(stepsPerCommit)) + " steps per commit)";
  }

  /**
   * One configuration's engine, kept for all its rounds as an application keeps its engine (a new
   * engine per round timed a freshly generated proxy class while it was still being compiled). It is
   * assembled from its parts, as DurableEngine does, to read the store's commit count.
   */
  private static final class Engine implements AutoCloseable {
    final Path db;
    final SqliteWorkflowStore store;
    final WorkflowEngineCore core;

    Engine(Path db) {
      this.db = db;
      ProcessOwners owners = ProcessOwners.forThisProcess();
      this.store = SqliteWorkflowStore.open(db, Durability.SURVIVES_POWER_LOSS, Duration.ofSeconds(7), false, owners);
      this.core = new WorkflowEngineCore(new EngineConfig(store, owners.newOwner(), owners, JsonCodec.defaultMapper(), Clock.systemUTC(),
          Duration.ofSeconds(15), ConcurrentRunPolicy.WAIT, List.of(),
          Map.of(StepsWorkflow.class, new Object[] {Probe.NONE}), null, StepsWorkflow.class.getClassLoader(), null,
          Duration.ofSeconds(1), 0, false, true, dev.durable.ChangedCodePolicy.WARN));
    }

    @Override
    public void close() {
      core.close();
      Scratch.deleteDb(db);
    }
  }

  /**
   * {steps per second, process CPU nanoseconds per step, steps per commit} for {@code workflows}
   * concurrent workflows of this round, on the configuration's engine.
   */
  private static double[] stepsPerSecond(Engine on, WorkflowThreads kind, String round, int workflows, int stepsEach)
      throws InterruptedException {
    SqliteWorkflowStore store = on.store;
    WorkflowEngineCore engine = on.core;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(workflows);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workflows; w++) {
      StepsWorkflow workflow = engine.workflow(StepsWorkflow.class, "throughput-" + round + "-" + w);
      Thread t = kind.unstarted("bench-workflow-" + w, () -> {
        try {
          start.await();
          workflow.run(stepsEach);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      });
      t.start();
      threads.add(t);
    }
    long commits0 = store.commits();
    long cpu0 = PROCESS.getProcessCpuTime();
    long t0 = System.nanoTime();
    start.countDown();
    done.await();
    long elapsed = System.nanoTime() - t0;
    long cpu = PROCESS.getProcessCpuTime() - cpu0;
    long commits = store.commits() - commits0;
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a benchmark workflow failed", failure.get());
    }
    double total = workflows * (double) stepsEach;
    return new double[] {total / (elapsed / 1e9), cpu / total, total / Math.max(1, commits)};
  }
}
