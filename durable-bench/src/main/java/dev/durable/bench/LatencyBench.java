package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Row 1: a sequential workflow's step, first execution, default durability (survives power loss),
 * against a raw autocommitted INSERT of the same row with {@code synchronous=FULL}.
 *
 * <p>The disk of a shared machine is noisy in bursts of seconds, so the two are interleaved finely:
 * {@link #CHUNK} raw inserts, then {@link #CHUNK} steps of one long workflow (which waits inside a
 * step body, outside the timed intervals, while the raw inserts run), and so on. Each figure is the
 * median over chunks of the chunk's mean, so a burst hits both sides alike.
 *
 * <p>One engine serves every round, as one engine serves an application for its lifetime: a new
 * engine per round generated a new proxy class per round, whose code ran interpreted and then
 * compiled while it was being timed. Round 0 warms it up and is not counted.
 */
final class LatencyBench {
  static final int CHUNK = 25;

  private final BenchConfig config;
  private final Scratch scratch;

  LatencyBench(BenchConfig config, Scratch scratch) {
    this.config = config;
    this.scratch = scratch;
  }

  Row run() throws Exception {
    List<Double> raw = new ArrayList<>();
    List<Double> engine = new ArrayList<>();
    List<Double> roundRatios = new ArrayList<>();
    int chunks = Math.max(2, config.latencySteps() / CHUNK);
    Path rawDb = scratch.newDb("latency-raw");
    Path engineDb = scratch.newDb("latency-engine");
    RawInserts.createSchema(rawDb);
    // The probe of the current round: the engine's constructor argument is fixed, the rounds are not.
    Probe[] current = {Probe.NONE};
    try (DurableEngine durable = Scratch.engine(engineDb, Durability.SURVIVES_POWER_LOSS, i -> current[0].atStep(i));
        Connection c = RawInserts.connect(rawDb)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      }
      for (int round = 0; round <= config.rounds(); round++) {
        List<double[]> measured = interleaved(durable, c, current, "latency-" + round, chunks);
        if (round > 0) {
          List<Double> roundRaw = new ArrayList<>();
          List<Double> roundEngine = new ArrayList<>();
          measured.forEach(m -> {
            roundRaw.add(m[0]);
            roundEngine.add(m[1]);
          });
          raw.addAll(roundRaw);
          engine.addAll(roundEngine);
          roundRatios.add(Samples.median(roundEngine) / Samples.median(roundRaw));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("raw insert baseline failed on " + rawDb, e);
    } finally {
      Scratch.deleteDb(rawDb);
      Scratch.deleteDb(engineDb);
    }
    double rawNs = Samples.median(raw);
    double engineNs = Samples.median(engine);
    double ratio = engineNs / rawNs;
    return new Row("1", "Step, first execution, sequential workflow (default: survives power loss)",
        Row.micros(engineNs) + " per step", Row.micros(rawNs) + " per raw INSERT (WAL, synchronous=FULL)",
        Row.ratio(ratio, roundRatios), "≤ 1.15x", Row.Verdict.of(ratio <= 1.15));
  }

  /** Per chunk: {raw nanoseconds per insert, engine nanoseconds per step}, for one workflow {@code id}. */
  private static List<double[]> interleaved(DurableEngine engine, Connection c, Probe[] current, String id, int chunks)
      throws Exception {
    long[] bodyStarted = new long[chunks * CHUNK];
    Semaphore go = new Semaphore(0);
    Semaphore chunkDone = new Semaphore(0);
    current[0] = i -> {
      bodyStarted[i] = System.nanoTime();
      if (i % CHUNK == CHUNK - 1) {
        chunkDone.release();
        go.acquireUninterruptibly();
      }
    };
    List<double[]> result = new ArrayList<>();
    Thread workflow = new Thread(() -> engine.workflow(StepsWorkflow.class, id).run(chunks * CHUNK), "bench-latency");
    workflow.start();
    chunkDone.acquire();
    try (PreparedStatement insert = c.prepareStatement(RawInserts.INSERT)) {
      for (int k = 0; k < chunks; k++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < CHUNK; i++) {
          RawInserts.insert(insert, "raw-" + id, k * CHUNK + i);
        }
        double rawNs = (System.nanoTime() - t0) / (double) CHUNK;
        if (k == chunks - 1) {
          go.release();
          break;
        }
        go.release();
        chunkDone.acquire();
        int first = (k + 1) * CHUNK;
        double engineNs = (bodyStarted[first + CHUNK - 1] - bodyStarted[first]) / (double) (CHUNK - 1);
        result.add(new double[] {rawNs, engineNs});
      }
    }
    workflow.join();
    return result;
  }
}
