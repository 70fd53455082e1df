package dev.durable.bench;

import dev.durable.ConcurrentRunPolicy;
import dev.durable.Durability;
import dev.durable.DurableEngine;
import dev.durable.internal.EngineConfig;
import dev.durable.internal.JsonCodec;
import dev.durable.internal.WorkflowEngineCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Row 4: what the engine itself costs per step, with the store's commit taken out.
 *
 * <p>4 runs the real engine (proxy, interception, positions, replay check, JSON, records, fence) on
 * {@link InMemoryWorkflowStore}, injected through the engine core exactly as the public builder
 * injects the SQLite store. 4b shows the other side for context: the same workflow on SQLite on a
 * RAM file system without sync ({@link Durability#SURVIVES_PROCESS_CRASH}), minus raw autocommitted
 * inserts of the same rows with the same settings, i.e. everything the engine adds beyond one insert.
 */
final class OverheadBench {
  private final BenchConfig config;

  OverheadBench(BenchConfig config) {
    this.config = config;
  }

  List<Row> run() {
    List<Double> cpu = new ArrayList<>();
    List<Double> wall = new ArrayList<>();
    // One engine for all rounds, as an application has: its proxy class is generated and compiled once.
    StepClock[] clock = new StepClock[1];
    Probe probe = i -> clock[0].atStep(i);
    EngineConfig engineConfig = new EngineConfig(new InMemoryWorkflowStore(), "bench-engine", owner -> true, JsonCodec.defaultMapper(), Clock.systemUTC(),
        Duration.ofSeconds(15), ConcurrentRunPolicy.WAIT, List.of(), Map.of(StepsWorkflow.class, new Object[] {probe}),
        null, StepsWorkflow.class.getClassLoader(), null,
        Duration.ofSeconds(1), 0, false, true, dev.durable.ChangedCodePolicy.WARN);
    try (WorkflowEngineCore core = new WorkflowEngineCore(engineConfig)) {
      for (int round = 0; round <= config.rounds() * 2; round++) {
        clock[0] = new StepClock(config.overheadSteps());
        core.workflow(StepsWorkflow.class, "overhead-" + round).run(config.overheadSteps() + 1);
        if (round > 0) {
          cpu.add(clock[0].cpuNanos() / (double) clock[0].intervals());
          wall.add(clock[0].spanNanos() / (double) clock[0].intervals());
        }
      }
    }
    double overhead = Samples.median(cpu);
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("4", "Engine CPU per step, store's commit excluded (engine on an in-memory store)",
        Row.micros(overhead) + " CPU per step (" + Row.micros(Samples.median(wall)) + " wall)", "", "", "< 2 µs",
        Row.Verdict.of(overhead < 2_000)));
    rows.add(ramFileSystemRow());
    return rows;
  }

  private Row ramFileSystemRow() {
    Path shm = Path.of("/dev/shm");
    if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
      return Row.info("4b", "Engine + SQLite store per step beyond a raw insert, RAM file system", "skipped: no /dev/shm");
    }
    try (Scratch ram = new Scratch(shm)) {
      List<Double> engine = new ArrayList<>();
      List<Double> raw = new ArrayList<>();
      for (int round = 0; round <= config.rounds(); round++) {
        Path rawDb = ram.newDb("raw");
        RawInserts.createSchema(rawDb);
        double r = RawInserts.nanosPerInsert(rawDb, "NORMAL", config.latencySteps() * 5);
        Scratch.deleteDb(rawDb);
        Path db = ram.newDb("engine");
        StepClock clock = new StepClock();
        try (DurableEngine e = Scratch.engine(db, Durability.SURVIVES_PROCESS_CRASH, clock)) {
          e.workflow(StepsWorkflow.class, "overhead").run(config.latencySteps() * 5 + 1);
        }
        Scratch.deleteDb(db);
        if (round > 0) {
          raw.add(r);
          engine.add(clock.spanNanos() / (double) clock.intervals());
        }
      }
      double e = Samples.median(engine);
      double r = Samples.median(raw);
      return new Row("4b", "For context: engine + SQLite store per step on " + Machine.fileSystem(shm).split(" ")[0]
          + " (no sync), minus a raw INSERT there", Row.micros(e - r) + " per step (" + Row.micros(e) + " − " + Row.micros(r) + ")",
          Row.micros(r) + " per raw INSERT (WAL, synchronous=NORMAL)", Row.ratio(e / r), "", Row.Verdict.INFO);
    }
  }
}
