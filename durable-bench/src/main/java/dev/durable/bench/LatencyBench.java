package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Row 1: a sequential workflow's step, first execution, default durability (survives power loss),
 * against a raw autocommitted INSERT of the same row with {@code synchronous=FULL}. Rounds alternate
 * which of the two goes first, each on fresh files in the same directory.
 */
final class LatencyBench {
  private final BenchConfig config;
  private final Scratch scratch;

  LatencyBench(BenchConfig config, Scratch scratch) {
    this.config = config;
    this.scratch = scratch;
  }

  Row run() {
    List<Double> raw = new ArrayList<>();
    List<Double> engine = new ArrayList<>();
    for (int round = 0; round <= config.rounds(); round++) {
      double r;
      double e;
      if (round % 2 == 0) {
        r = raw();
        e = engine();
      } else {
        e = engine();
        r = raw();
      }
      if (round > 0) {
        raw.add(r);
        engine.add(e);
      }
    }
    double rawNs = Samples.median(raw);
    double engineNs = Samples.median(engine);
    double ratio = engineNs / rawNs;
    return new Row("1", "Step, first execution, sequential workflow (default: survives power loss)",
        Row.micros(engineNs) + " per step", Row.micros(rawNs) + " per raw INSERT (WAL, synchronous=FULL)",
        Row.ratio(ratio), "≤ 1.15x", Row.Verdict.of(ratio <= 1.15));
  }

  private double raw() {
    Path db = scratch.newDb("latency-raw");
    RawInserts.createSchema(db);
    try {
      return RawInserts.nanosPerInsert(db, "FULL", config.latencySteps());
    } finally {
      Scratch.deleteDb(db);
    }
  }

  private double engine() {
    Path db = scratch.newDb("latency-engine");
    StepClock clock = new StepClock();
    try (DurableEngine engine = Scratch.engine(db, Durability.SURVIVES_POWER_LOSS, clock)) {
      engine.workflow(StepsWorkflow.class, "latency").run(config.latencySteps() + 1);
    } finally {
      Scratch.deleteDb(db);
    }
    return clock.spanNanos() / (double) clock.intervals();
  }
}
