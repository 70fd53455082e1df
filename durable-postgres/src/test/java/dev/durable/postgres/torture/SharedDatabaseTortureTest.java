package dev.durable.postgres.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowStatus;
import dev.durable.postgres.EmbeddedServer;
import dev.durable.testing.FileLedger;
import dev.durable.testing.LiveChild;
import dev.durable.testing.TortureLeaf;
import dev.durable.testing.TortureWorkflow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kill -9 torture of several worker JVMs sharing one PostgreSQL database. This JVM starts {@link
 * #WORKFLOWS} seeded random {@link TortureWorkflow}s (loops, branches, child workflows, retries,
 * caught failures, large results, durable sleeps, awaited events) with a client-only engine; two or
 * three {@link SharedWorker} JVMs carry them out, and one of them, chosen at random, is SIGKILLed
 * ({@code destroyForcibly}) at a random moment and replaced, again and again; events are sent at
 * random moments meanwhile. Once every run has completed it checks, as the SQLite torture does:
 *
 * <ol>
 *   <li>every run's result equals the same workflow run uninterrupted on a fresh database;
 *   <li>no step seen committed ever ran again: no worker started after that observation has a
 *       ledger line for it;
 *   <li>a worker ran each step body at most once (retries aside), and at most one worker that was
 *       not killed ran it;
 *   <li>nothing is left claimed by the dead: no run is RUNNING or owned, no step is left STARTED;
 *   <li>every event sent was consumed, each by one await, in the order sent (the results show it).
 * </ol>
 *
 * <p>Bounded for CI: {@code -Ddurable.pgtorture.kills} (default 8 per worker count) and {@code
 * -Ddurable.pgtorture.seconds} (default 100; then the runs finish without kills). {@code
 * -Ddurable.pgtorture.seed} replays a campaign plan (kill timing stays random).
 */
class SharedDatabaseTortureTest {
  private static final Pattern KEY = Pattern.compile("@@([^@]+)@@");
  private static final int WORKFLOWS = 200;

  @TempDir Path dir;

  private final int killBudget = Integer.getInteger("durable.pgtorture.kills", 8);
  private final long secondsBudget = Long.getLong("durable.pgtorture.seconds", 100);
  private final long seed = Long.getLong("durable.pgtorture.seed", System.nanoTime());
  private final Random random = new Random(seed);

  /** "workflow key" -> number of the observation that first saw it committed. */
  private final Map<String, Integer> committedAt = new HashMap<>();
  private int observations;
  private final List<Worker> workers = new ArrayList<>();

  private final class Worker {
    final int number;
    final Path ledger;
    final int observationsAtStart = observations;
    final LiveChild child;
    boolean killed;

    Worker(String url) {
      this.number = workers.size() + 1;
      this.ledger = dir.resolve("ledger-" + number);
      this.child = LiveChild.start(SharedWorker.class, url, ledger.toString());
      workers.add(this);
    }
  }

  @ParameterizedTest(name = "{0} worker JVMs")
  @ValueSource(ints = {2, 3})
  void workersKilledAtRandom_shareTheRuns_andEveryRunEndsWithTheUninterruptedResult(int processes) throws Exception {
    System.out.println("PostgreSQL torture with " + processes + " workers, seed " + seed);
    String database = EmbeddedServer.get().newDatabase();
    String url = EmbeddedServer.get().url(database);
    Map<String, Long> runs = new LinkedHashMap<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      runs.put("w" + i, random.nextLong());
    }
    Map<String, Integer> eventsSent = new HashMap<>();
    int kills = 0;
    long start = System.nanoTime();
    try (DurableEngine client = DurableEngine.builder(url).clientOnly()
        .register(TortureWorkflow.class, new FileLedger(dir.resolve("client-ledger"))).build()) {
      runs.forEach((id, s) -> client.start(TortureWorkflow.class, id, w -> w.run(s)));
      Worker[] slots = new Worker[processes];
      for (int s = 0; s < processes; s++) {
        slots[s] = new Worker(url);
      }
      long nextKill = System.nanoTime() + millis(300 + random.nextInt(1500));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (completed(client) < WORKFLOWS) {
        assertThat(System.nanoTime()).as("all runs completed within 5 minutes (seed %d)", seed).isLessThan(deadline);
        boolean killing = kills < killBudget && System.nanoTime() - start < secondsBudget * 1_000_000_000L;
        if (killing && System.nanoTime() >= nextKill) {
          int s = random.nextInt(processes);
          slots[s].child.kill();
          slots[s].killed = true;
          kills++;
          observe(url);
          slots[s] = new Worker(url);
          nextKill = System.nanoTime() + millis(300 + random.nextInt(1500));
        }
        for (Worker w : slots) {
          assertThat(w.child.isAlive()).as("worker %d alive (seed %d); output:%n%s", w.number, seed, w.child.output())
              .isTrue();
        }
        // Events at random moments while the kills go on, all the rest once they are over.
        for (int n = killing ? (random.nextInt(3) == 0 ? 1 : 0) : 20; n > 0; n--) {
          sendEvent(client, runs, eventsSent);
        }
        Thread.sleep(20);
      }
      for (Worker w : slots) {
        w.child.send("stop");
        w.child.await("#DONE", 60_000);
        assertThat(w.child.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
      verify(url, client, runs);
    } finally {
      for (Worker w : workers) {
        w.child.close();
      }
      EmbeddedServer.get().dropDatabase(database);
    }
    System.out.printf("PG TORTURE SUMMARY: %d workers, %d kills survived, %d worker JVMs, %d workflows verified,"
        + " %d s (seed %d)%n", processes, kills, workers.size(), WORKFLOWS, (System.nanoTime() - start) / 1_000_000_000L,
        seed);
    assertThat(kills).as("kills").isGreaterThan(0);
  }

  private static long millis(long ms) {
    return ms * 1_000_000L;
  }

  private static int completed(DurableEngine client) {
    return client.list(WorkflowQuery.all().status(WorkflowStatus.COMPLETED).workflowName("torture").limit(10_000)).size();
  }

  private void sendEvent(DurableEngine client, Map<String, Long> runs, Map<String, Integer> sent) {
    List<String> pending = runs.keySet().stream().filter(id -> sent.getOrDefault(id, 0) < TortureWorkflow.EVENTS).toList();
    if (!pending.isEmpty()) {
      String id = pending.get(random.nextInt(pending.size()));
      int n = sent.merge(id, 1, Integer::sum);
      client.sendEvent(id, TortureWorkflow.EVENT, id + "#" + n);
    }
  }

  /** Reads which steps the database holds as committed right now, and remembers when each was first seen. */
  private void observe(String url) throws SQLException {
    observations++;
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT workflow_id, output_json FROM durable.durable_steps"
            + " WHERE status IN ('COMPLETED', 'FAILED', 'REOPENED') AND step_name NOT LIKE 'Durable.%'")) {
      while (rs.next()) {
        committedAt.putIfAbsent(rs.getString(1) + " " + key(rs.getString(2)), observations);
      }
    }
  }

  private void verify(String url, DurableEngine client, Map<String, Long> runs) throws Exception {
    // 4 and 5. Nothing left claimed or half-done; every event consumed once.
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT count(*) FROM durable.durable_workflows WHERE status <> 'COMPLETED'")).isEqualTo("0");
      assertThat(scalar(s, "SELECT count(*) FROM durable.durable_workflows WHERE owner IS NOT NULL")).isEqualTo("0");
      assertThat(scalar(s, "SELECT count(*) FROM durable.durable_steps WHERE status = 'STARTED'")).isEqualTo("0");
      int events = runs.size() * TortureWorkflow.EVENTS;
      assertThat(scalar(s, "SELECT count(*) FROM durable.durable_events")).isEqualTo(Integer.toString(events));
      assertThat(scalar(s, "SELECT count(*) FROM durable.durable_events WHERE consumed_by IS NULL")).isEqualTo("0");
      assertThat(scalar(s, "SELECT count(DISTINCT workflow_id || ' ' || consumed_by) FROM durable.durable_events"))
          .isEqualTo(Integer.toString(events));
    }
    // 1. The uninterrupted results, from a fresh SQLite database in this JVM.
    Path refLedger = dir.resolve("reference-ledger");
    try (DurableEngine ref = DurableEngine.builder(dir.resolve("reference.db")).durability(Durability.SURVIVES_PROCESS_CRASH)
        .register(TortureWorkflow.class, new FileLedger(refLedger)).register(TortureLeaf.class, new FileLedger(refLedger))
        .build()) {
      for (Map.Entry<String, Long> run : runs.entrySet()) {
        String id = run.getKey();
        long s = run.getValue();
        ref.sendEventWithStart(TortureWorkflow.class, id, w -> w.run(s), TortureWorkflow.EVENT, id + "#1");
        for (int n = 2; n <= TortureWorkflow.EVENTS; n++) {
          ref.sendEvent(id, TortureWorkflow.EVENT, id + "#" + n);
        }
        String expected = ref.handle(id, String.class).result(Duration.ofMinutes(2));
        assertThat(client.handle(id, String.class).result(Duration.ofSeconds(10)))
            .as("result of %s (seed %d) after kills", id, seed).isEqualTo(expected);
      }
    }
    // 2 and 3. The ledgers against what was committed when.
    Set<String> referenceSteps = new HashSet<>();
    for (String line : new FileLedger(refLedger).lines()) {
      String[] p = line.split(" ");
      if (!p[2].equals("try")) {
        referenceSteps.add(p[0] + " " + p[1]);
      }
    }
    Map<String, Integer> executions = new HashMap<>();
    Map<String, Integer> unkilled = new HashMap<>();
    for (Worker w : workers) {
      Map<String, Integer> inThisProcess = new HashMap<>();
      for (String line : new FileLedger(w.ledger).lines()) {
        String[] p = line.split(" ");
        String step = p[0] + " " + p[1];
        Integer seenAt = committedAt.get(step);
        assertThat(seenAt == null || w.observationsAtStart < seenAt)
            .as("step %s was seen committed (observation %s) before worker %d started, yet it ran again there (seed %d)",
                step, seenAt, w.number, seed).isTrue();
        if (!p[2].equals("try")) {
          inThisProcess.merge(step, 1, Integer::sum);
        }
      }
      inThisProcess.forEach((step, count) -> {
        assertThat(count).as("executions of %s in worker %d (seed %d)", step, w.number, seed).isEqualTo(1);
        executions.merge(step, 1, Integer::sum);
        if (!w.killed) {
          unkilled.merge(step, 1, Integer::sum);
        }
      });
    }
    unkilled.forEach((step, count) -> assertThat(count)
        .as("workers that were not killed yet ran %s (seed %d)", step, seed).isEqualTo(1));
    assertThat(executions.keySet()).as("steps executed vs steps of the uninterrupted runs").isEqualTo(referenceSteps);
    long reExecutions = executions.values().stream().mapToInt(i -> i - 1).sum();
    System.out.printf("PG TORTURE: %d committed steps verified, %d step re-executions after kills%n",
        referenceSteps.size(), reExecutions);
  }

  private static String key(String outputJson) {
    Matcher m = KEY.matcher(outputJson);
    if (!m.find()) {
      throw new AssertionError("a committed step without its @@key@@ marker: " + outputJson);
    }
    return m.group(1);
  }

  private static String scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
