package dev.durable.bench;

import dev.durable.ConcurrentRunPolicy;
import dev.durable.internal.EngineConfig;
import dev.durable.internal.JsonCodec;
import dev.durable.internal.WorkflowEngineCore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs every row of the performance table of issue 5 and prints it as Markdown, with the machine it
 * ran on. Progress goes to stderr, the report to stdout.
 *
 * <pre>
 * ./mvnw -q -pl durable-bench -am package -DskipTests &amp;&amp; java -jar durable-bench/target/durable-bench.jar
 *   [--quick]        tiny sizes (seconds; what the smoke test runs), numbers meaningless
 *   [--dir &lt;path&gt;]   where the database files go; default java.io.tmpdir
 *   [--only 1,3]     run only these rows (1 to 9), for investigating one of them
 *   [--postgres-url URL]  row 9 on this PostgreSQL server (a user that may create schemas) instead of an embedded one
 *   [--virtual-threads]  row 2's workflows on virtual threads (Java 21 and later) instead of platform threads
 * </pre>
 */
public final class BenchMain {
  static final Set<String> ALL_ROWS = Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    BenchConfig config = BenchConfig.full();
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    Set<String> only = ALL_ROWS;
    WorkflowThreads threads = WorkflowThreads.PLATFORM;
    String postgresUrl = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> config = BenchConfig.quick();
        case "--dir" -> dir = Path.of(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        case "--virtual-threads" -> threads = WorkflowThreads.VIRTUAL;
        case "--postgres-url" -> postgresUrl = args[++i];
        default -> {
          System.err.println("usage: java -jar durable-bench.jar [--quick] [--dir <path>] [--only 1,2,3,4,5,6,7,8,9]"
              + " [--virtual-threads] [--postgres-url URL]");
          System.exit(2);
        }
      }
    }
    try {
      threads.checkAvailable();
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
    config = config.withThreads(threads);
    PrintStream err = System.err;
    long t0 = System.nanoTime();
    String report = run(config, dir, only, postgresUrl, err::println);
    System.out.println(report);
    err.printf(Locale.ROOT, "(benchmark took %.0f s)%n", (System.nanoTime() - t0) / 1e9);
  }

  /** Runs the rows in {@code only} (all: {@link #ALL_ROWS}); returns the report (machine, table, footnotes). */
  static String run(BenchConfig config, Path dir, Set<String> only, String postgresUrl, Consumer<String> progress)
      throws Exception {
    ResultTable table = new ResultTable();
    List<String> postgresNotes = new java.util.ArrayList<>();
    String machine;
    try (Scratch scratch = new Scratch(dir)) {
      machine = Machine.describe(scratch.dir());
      progress.accept("warming up");
      warmUp(config);
      if (only.contains("1")) {
        progress.accept("row 1: first execution vs raw insert");
        table.add(new LatencyBench(config, scratch).run());
      }
      if (only.contains("2")) {
        progress.accept("row 2: concurrent workflows");
        new ThroughputBench(config, scratch).run().forEach(table::add);
      }
      List<Row> replay = List.of();
      if (only.contains("3") || only.contains("6")) {
        progress.accept("rows 3 and 6: replay after a crash in a child JVM");
        replay = new ReplayBench(config, scratch).run();
        table.add(replay.get(0));
      }
      if (only.contains("4")) {
        progress.accept("row 4: engine overhead");
        new OverheadBench(config).run().forEach(table::add);
      }
      if (only.contains("5")) {
        progress.accept("row 5: growth of the workflow and of the database");
        new ScalingBench(config, scratch).run(table);
      }
      if (!replay.isEmpty()) {
        table.add(replay.get(1));
      }
      if (only.contains("7")) {
        progress.accept("row 7: engine-owned runs (sleeping, timers, resume after a sleep, start)");
        new LifecycleBench(config, scratch).run().forEach(table::add);
      }
      if (only.contains("8")) {
        progress.accept("row 8: events and child workflows");
        new EventsBench(config, scratch).run().forEach(table::add);
      }
      if (only.contains("9")) {
        progress.accept("row 9: the PostgreSQL store");
        new PostgresBench(config, postgresUrl).run(postgresNotes).forEach(table::add);
      }
    }
    Footnotes.addTo(table, config);
    postgresNotes.forEach(table::note);
    return "Machine:\n" + machine + "\n- Load average at the end: " + Machine.loadAverage() + "\n\n" + table.markdown();
  }

  /**
   * Gets the hot paths compiled before anything is timed. A step call runs through several small
   * methods that C2 compiles late on two busy cores (a first measurement showed steps 2.5x slower
   * for the first 150,000 calls), so this runs first executions and crash-and-resume replays on an
   * in-memory store until a round is no faster than the best before it, then a few on SQLite.
   */
  private static void warmUp(BenchConfig config) {
    int steps = config.overheadSteps();
    int minRounds = config.rounds() >= 3 ? 8 : 1;
    Probe[] probe = {Probe.NONE};
    Probe crashAtEnd = i -> {
      if (i == steps - 1) {
        throw new WarmUpCrash();
      }
    };
    EngineConfig engineConfig = new EngineConfig(new InMemoryWorkflowStore(), "bench-engine", owner -> true, JsonCodec.defaultMapper(), Clock.systemUTC(),
        Duration.ofSeconds(15), ConcurrentRunPolicy.WAIT, List.of(), Map.of(StepsWorkflow.class, new Object[] {
            (Probe) i -> probe[0].atStep(i)}), null, StepsWorkflow.class.getClassLoader(), null,
        Duration.ofSeconds(1), 0, false, true, dev.durable.ChangedCodePolicy.WARN);
    try (WorkflowEngineCore core = new WorkflowEngineCore(engineConfig)) {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < 40; round++) {
        long t0 = System.nanoTime();
        probe[0] = Probe.NONE;
        core.workflow(StepsWorkflow.class, "warmup-" + round).run(steps);
        probe[0] = crashAtEnd;
        try {
          core.workflow(StepsWorkflow.class, "warmup-crash-" + round).run(steps);
        } catch (WarmUpCrash expected) {
          // An Error is not recorded: the run stays unfinished and is resumed (replayed) next.
        }
        probe[0] = Probe.NONE;
        core.workflow(StepsWorkflow.class, "warmup-crash-" + round).run(steps);
        double elapsed = System.nanoTime() - t0;
        if (round >= minRounds && elapsed > best * 0.97) {
          break;
        }
        best = Math.min(best, elapsed);
      }
    }
  }

  /** Thrown by the warm-up's last step to leave its run unfinished. */
  private static final class WarmUpCrash extends Error {
    private static final long serialVersionUID = 1L;
  }
}
