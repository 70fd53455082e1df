package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import dev.durable.testing.FileLedger;
import dev.durable.testing.LiveChild;
import dev.durable.testing.TortureLeaf;
import dev.durable.testing.TortureWorker;
import dev.durable.testing.TortureWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Kill -9 torture. Campaign after campaign, two child JVMs at a time run the same set of seeded
 * random {@link TortureWorkflow}s (with child workflows, and events this JVM sends them at random
 * moments, starting a run with its first event when no child has yet) on one database and are SIGKILLed ({@code destroyForcibly}) at
 * random moments (most while they work, some while they start or open the database), and replaced,
 * until every workflow has completed. After every kill the parent reads which steps the database
 * holds as committed; after every campaign it checks:
 *
 * <ol>
 *   <li>every workflow's result equals the same workflow run uninterrupted in this JVM on a fresh
 *       database, and asking for it again runs nothing;
 *   <li>no step seen committed ever ran again: no process started after that observation has a ledger
 *       line for it;
 *   <li>an interrupted step ran at most once more per kill: a process ran each step body at most
 *       once (retries aside), and at most one process that was not killed ran it;
 *   <li>{@code PRAGMA integrity_check} is ok, no workflow is RUNNING and no step is left STARTED;
 *   <li>every event sent was consumed, each by one await: the results (compared in 1.) show the
 *       events of each run in the order they were sent.
 * </ol>
 *
 * <p>Bounded for CI by kills and by time: {@code -Ddurable.torture.kills} (default 300) and
 * {@code -Ddurable.torture.seconds} (default 150; once reached, the current campaign finishes
 * without further kills). The long soak is documented in {@code RELIABILITY.md}:
 * {@code ./mvnw -B -pl durable-runtime -am verify -Dtest=TortureTest -Dsurefire.failIfNoSpecifiedTests=false -Ddurable.torture.kills=10000}.
 * {@code -Ddurable.torture.seed} replays a failing run's campaign plan (kill timing stays random).
 */
class TortureTest {
  private static final Pattern KEY = Pattern.compile("@@([^@]+)@@");
  private static final int WORKFLOWS_PER_CAMPAIGN = 8;
  private static final int PROCESSES = 2;
  private static final int MAX_LAUNCHES_PER_CAMPAIGN = 1_000;

  @TempDir Path dir;

  private final int killBudget = Integer.getInteger("durable.torture.kills", 300);
  private final long secondsBudget = Long.getLong("durable.torture.seconds", killBudget <= 300 ? 150 : 0);
  /**
   * After this many kills a campaign runs to completion unharmed, so that its invariants get checked
   * and the next campaign starts afresh: many shorter campaigns verify more workflows than one long one.
   */
  private final int killsPerCampaign = Integer.getInteger("durable.torture.killsPerCampaign", 30);
  private final long seed = Long.getLong("durable.torture.seed", System.nanoTime());

  private final Random random = new Random(seed);
  private final long startNanos = System.nanoTime();
  private int kills;
  private int launches;
  private int workflowsVerified;
  private long stepsVerified;
  private long reExecutions;

  @Test
  void killedAgainAndAgain_everyWorkflowCompletesWithTheUninterruptedResult_andNoCommittedStepRunsTwice() throws Exception {
    int campaigns = 0;
    while (killing() || campaigns == 0) {
      campaign(++campaigns);
    }
    long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
    System.out.printf("TORTURE SUMMARY: %d kills survived, %d child JVMs, %d campaigns, %d workflows verified,"
        + " %d committed steps verified, %d step re-executions after kills, 0 invariant violations, %d s (seed %d)%n",
        kills, launches, campaigns, workflowsVerified, stepsVerified, reExecutions, seconds, seed);
    assertThat(kills).as("kills").isGreaterThan(0);
  }

  private boolean killing() {
    return kills < killBudget && (secondsBudget <= 0 || System.nanoTime() - startNanos < secondsBudget * 1_000_000_000L);
  }

  /** Per campaign: what was seen committed when, and which process ran what. */
  private final class Campaign {
    final Path home;
    final Path db;
    final Map<String, Long> workflows = new LinkedHashMap<>();
    /** "workflow key" -> number of the observation that first saw it committed. */
    final Map<String, Integer> committedAt = new HashMap<>();
    int observations;
    final List<Launch> allLaunches = new ArrayList<>();
    int kills;
    /** Events sent so far to each workflow; once the kills of the campaign are over, all are sent. */
    final Map<String, Integer> eventsSent = new HashMap<>();
    /** A client-only engine in this JVM, the events' sender; opened with the first event. */
    DurableEngine sender;

    Campaign(int n) throws IOException {
      home = Files.createDirectories(dir.resolve("campaign-" + n));
      db = home.resolve("torture.db");
      for (int i = 0; i < WORKFLOWS_PER_CAMPAIGN; i++) {
        workflows.put("c" + n + "-w" + i, random.nextLong());
      }
    }
  }

  /**
   * Now and then (and, once the campaign's kills are over, every time until all are sent) sends the
   * next event to a random workflow, starting it with the event if no child JVM has yet: whatever
   * the children are doing, or whether any is alive.
   */
  private void maybeSendEvent(Campaign c, boolean killsOver) {
    List<String> pending = c.workflows.keySet().stream()
        .filter(id -> c.eventsSent.getOrDefault(id, 0) < TortureWorkflow.EVENTS).toList();
    if (pending.isEmpty() || !killsOver && random.nextInt(40) != 0) {
      return;
    }
    if (c.sender == null) {
      c.sender = DurableEngine.builder(c.db).clientOnly()
          .register(TortureWorkflow.class, new FileLedger(c.home.resolve("sender-ledger"))).build();
    }
    String id = pending.get(random.nextInt(pending.size()));
    int n = c.eventsSent.merge(id, 1, Integer::sum);
    long seed = c.workflows.get(id);
    c.sender.sendEventWithStart(TortureWorkflow.class, id, w -> w.run(seed), TortureWorkflow.EVENT, id + "#" + n);
  }

  private final class Launch {
    final int number;
    final Path ledger;
    final int observationsAtStart;
    final LiveChild child;
    final long killAtNanos;
    boolean killed;
    boolean ready;

    Launch(Campaign c, int number, boolean kill) {
      this.number = number;
      this.ledger = c.home.resolve("ledger-" + number);
      this.observationsAtStart = c.observations;
      List<String> args = new ArrayList<>(List.of(c.db.toString(), ledger.toString()));
      c.workflows.forEach((id, s) -> args.add(id + ":" + s));
      this.child = LiveChild.start(TortureWorker.class, args.toArray(String[]::new));
      // One kill in ten lands while the JVM starts or opens the database; the rest while it works.
      this.killAtNanos = !kill ? Long.MAX_VALUE
          : random.nextInt(10) == 0 ? System.nanoTime() + random.nextInt(400) * 1_000_000L : -1;
    }
  }

  private void campaign(int n) throws Exception {
    Campaign c = new Campaign(n);
    Launch[] slots = new Launch[PROCESSES];
    Map<Launch, Long> readyDeadline = new HashMap<>();
    boolean done = false;
    while (!done) {
      for (int s = 0; s < PROCESSES; s++) {
        Launch l = slots[s];
        if (l == null) {
          assertThat(c.allLaunches.size()).as("launches in campaign %d without completing (seed %d)", n, seed)
              .isLessThan(MAX_LAUNCHES_PER_CAMPAIGN);
          l = slots[s] = new Launch(c, ++launches, killing() && c.kills < killsPerCampaign);
          c.allLaunches.add(l);
          continue;
        }
        if (!l.ready && l.child.output().contains("#READY")) {
          l.ready = true;
          if (l.killAtNanos == -1) {
            readyDeadline.put(l, System.nanoTime() + random.nextInt(600) * 1_000_000L);
          }
        }
        maybeSendEvent(c, !killing() || c.kills >= killsPerCampaign);
        long deadline = l.killAtNanos == -1 ? readyDeadline.getOrDefault(l, Long.MAX_VALUE) : l.killAtNanos;
        if (l.child.isAlive() && System.nanoTime() >= deadline && killing() && c.kills < killsPerCampaign) {
          l.child.kill();
          l.killed = true;
          kills++;
          c.kills++;
          observe(c);
          slots[s] = null;
        } else if (!l.child.isAlive()) {
          int code = l.child.process().exitValue();
          assertThat(code).as("child %d exited on its own with %d (seed %d); output:%n%s", l.number, code, seed,
              l.child.output()).isZero();
          assertThat(l.child.output()).contains("#DONE");
          observe(c);
          slots[s] = null;
          done = true; // it ran every workflow to completion; let the other one finish too
        }
      }
      Thread.sleep(5);
    }
    if (c.sender != null) {
      c.sender.close();
    }
    for (Launch l : slots) {
      if (l != null) {
        assertThat(l.child.process().waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("last child %d finished", l.number).isTrue();
        assertThat(l.child.process().exitValue()).as("last child %d (seed %d); output:%n%s", l.number, seed, l.child.output()).isZero();
      }
    }
    verify(c);
  }

  /** Reads which steps the database holds as committed right now, and remembers when each was first seen. */
  private void observe(Campaign c) throws SQLException {
    c.observations++;
    if (!Files.exists(c.db)) {
      return;
    }
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:file:" + c.db + "?mode=ro");
        Statement s = conn.createStatement()) {
      if (!readable(c, s) || !hasTable(s, "durable_step_log")) {
        return;
      }
      // A committed outcome is in the step log until it is folded into durable_steps.
      try (ResultSet rs = s.executeQuery(
          "SELECT workflow_id, output_json FROM durable_steps WHERE status IN ('COMPLETED', 'FAILED', 'REOPENED')"
              + " AND step_name NOT LIKE 'Durable.%' UNION ALL SELECT workflow_id, output_json FROM durable_step_log"
              + " WHERE status IN ('COMPLETED', 'FAILED') AND step_name NOT LIKE 'Durable.%'")) {
        while (rs.next()) {
          c.committedAt.putIfAbsent(rs.getString(1) + " " + key(rs.getString(2)), c.observations);
        }
      }
    }
  }

  private void verify(Campaign c) throws Exception {
    // 4. The file is sound and nothing is left half-done.
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + c.db); Statement s = conn.createStatement()) {
      assertThat(scalar(s, "PRAGMA integrity_check")).isEqualTo("ok");
      assertThat(scalar(s, "SELECT count(*) FROM durable_workflows WHERE status <> 'COMPLETED'")).isEqualTo("0");
      assertThat(scalar(s, "SELECT count(*) FROM durable_workflows WHERE parent_id IS NULL"))
          .isEqualTo(Integer.toString(c.workflows.size()));
      // Every event was consumed, each by one await of its own.
      int events = c.workflows.size() * TortureWorkflow.EVENTS;
      assertThat(scalar(s, "SELECT count(*) FROM durable_events")).isEqualTo(Integer.toString(events));
      assertThat(scalar(s, "SELECT count(*) FROM durable_events WHERE consumed_by IS NULL")).isEqualTo("0");
      assertThat(scalar(s, "SELECT count(DISTINCT workflow_id || ' ' || consumed_by) FROM durable_events"))
          .isEqualTo(Integer.toString(events));
      assertThat(scalar(s, "SELECT count(*) FROM durable_steps WHERE status = 'STARTED'")).isEqualTo("0");
      assertThat(scalar(s, "SELECT count(*) FROM durable_step_log")).as("folded when the last engine closed").isEqualTo("0");
    }
    // 1. Same result as an uninterrupted run, and asking again runs nothing.
    Path refLedger = c.home.resolve("reference-ledger");
    Path checkLedger = c.home.resolve("check-ledger");
    Map<String, String> reference = new HashMap<>();
    try (DurableEngine ref = DurableEngine.builder(c.home.resolve("reference.db")).durability(Durability.SURVIVES_PROCESS_CRASH)
        .register(TortureWorkflow.class, new FileLedger(refLedger)).register(TortureLeaf.class, new FileLedger(refLedger))
        .build()) {
      c.workflows.forEach((id, s) -> {
        // The events up front, buffered until each await takes the next one.
        ref.sendEventWithStart(TortureWorkflow.class, id, w -> w.run(s), TortureWorkflow.EVENT, id + "#1");
        for (int n = 2; n <= TortureWorkflow.EVENTS; n++) {
          ref.sendEvent(id, TortureWorkflow.EVENT, id + "#" + n);
        }
        reference.put(id, ref.handle(id, String.class).result(java.time.Duration.ofMinutes(2)));
      });
    }
    try (DurableEngine engine = DurableEngine.builder(c.db).register(TortureWorkflow.class, new FileLedger(checkLedger))
        .register(TortureLeaf.class, new FileLedger(checkLedger)).build()) {
      c.workflows.forEach((id, s) -> assertThat(engine.workflow(TortureWorkflow.class, id).run(s))
          .as("result of %s (seed %d) after kills", id, seed).isEqualTo(reference.get(id)));
    }
    assertThat(new FileLedger(checkLedger).lines()).as("steps run by asking completed workflows again").isEmpty();

    // 2 and 3. The ledgers against what was committed when.
    Set<String> referenceSteps = new HashSet<>();
    for (String line : new FileLedger(refLedger).lines()) {
      String[] p = line.split(" ");
      if (!p[2].equals("try")) {
        referenceSteps.add(p[0] + " " + p[1]);
      }
    }
    Map<String, Integer> executions = new HashMap<>();
    for (Launch l : c.allLaunches) {
      Map<String, Integer> inThisProcess = new HashMap<>();
      for (String line : new FileLedger(l.ledger).lines()) {
        String[] p = line.split(" ");
        String step = p[0] + " " + p[1];
        Integer seenAt = c.committedAt.get(step);
        assertThat(seenAt == null || l.observationsAtStart < seenAt)
            .as("step %s was seen committed (observation %s) before child %d started, yet it ran again there (seed %d)",
                step, seenAt, l.number, seed).isTrue();
        if (!p[2].equals("try")) {
          inThisProcess.merge(step, 1, Integer::sum);
        }
      }
      inThisProcess.forEach((step, count) -> {
        assertThat(count).as("executions of %s in one process %d (seed %d)", step, l.number, seed).isEqualTo(1);
        executions.merge(step, 1, Integer::sum);
      });
    }
    for (String step : referenceSteps) {
      assertThat(executions).as("the ledger has the side effect of %s", step).containsKey(step);
      long unkilled = c.allLaunches.stream().filter(l -> !l.killed)
          .filter(l -> new FileLedger(l.ledger).lines().stream().anyMatch(x -> x.startsWith(step + " ") && !x.endsWith(" try")))
          .count();
      assertThat(unkilled).as("processes that were not killed yet ran %s", step).isLessThanOrEqualTo(1);
    }
    assertThat(executions.keySet()).as("steps executed vs steps of the uninterrupted runs").isEqualTo(referenceSteps);
    workflowsVerified += c.workflows.size();
    stepsVerified += referenceSteps.size();
    reExecutions += executions.values().stream().mapToInt(i -> i - 1).sum();
  }

  private static String key(String outputJson) {
    Matcher m = KEY.matcher(outputJson);
    if (!m.find()) {
      throw new AssertionError("a committed step without its @@key@@ marker: " + outputJson);
    }
    return m.group(1);
  }

  /**
   * False if a child killed while creating the database left a hot journal, which this read-only
   * connection may not roll back: nothing was committed then. Only until a child has opened the
   * database (printed {@code #READY}): that open rolled the journal back and switched the file to
   * WAL for good, so a hot journal afterwards is a real failure.
   */
  private boolean readable(Campaign c, Statement s) throws SQLException {
    try {
      s.executeQuery("SELECT count(*) FROM sqlite_master").close();
      return true;
    } catch (SQLiteException e) {
      if (e.getResultCode() != SQLiteErrorCode.SQLITE_READONLY_ROLLBACK) {
        throw e;
      }
      List<Integer> opened = c.allLaunches.stream().filter(l -> l.child.output().contains("#READY")).map(l -> l.number).toList();
      assertThat(opened).as("children that opened the database before it was found with a hot journal (seed %d): %s",
          seed, e.getMessage()).isEmpty();
      return false;
    }
  }

  private static boolean hasTable(Statement s, String table) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = '" + table + "'")) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }

  private static String scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
