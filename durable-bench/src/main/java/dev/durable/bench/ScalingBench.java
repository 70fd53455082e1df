package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Row 5: per-step cost as a workflow grows and as the database grows. Runs at
 * {@link Durability#SURVIVES_PROCESS_CRASH} (no sync per commit), so that a scan growing with the
 * history would show instead of hiding behind the disk's sync time. The cost of a workflow is its
 * whole call (claim, steps, finish) divided by its steps.
 *
 * <p>The large database is made by running one completed workflow through the engine and cloning
 * its rows with SQL under new ids, so every row is one the engine wrote; it takes a second instead
 * of the minutes 100,000 engine runs would.
 */
final class ScalingBench {
  private final BenchConfig config;
  private final Scratch scratch;

  ScalingBench(BenchConfig config, Scratch scratch) {
    this.config = config;
    this.scratch = scratch;
  }

  void run(ResultTable table) {
    List<Integer> sizes = config.workflowSizes();
    List<List<Double>> bySize = new ArrayList<>();
    sizes.forEach(s -> bySize.add(new ArrayList<>()));
    List<Double> small = new ArrayList<>();
    List<Double> large = new ArrayList<>();

    Path smallTemplate = scratch.newDb("populated-1");
    Path largeTemplate = scratch.newDb("populated-" + config.populatedWorkflows());
    populate(smallTemplate, 1);
    long populateStart = System.nanoTime();
    populate(largeTemplate, config.populatedWorkflows());
    double populateSeconds = (System.nanoTime() - populateStart) / 1e9;

    for (int round = 0; round <= config.rounds(); round++) {
      for (int i = 0; i < sizes.size(); i++) {
        int size = sizes.get(i);
        int workflows = Math.max(1, config.stepsPerSize() / size);
        Path db = scratch.newDb("size-" + size);
        double ns = nanosPerStep(db, workflows, size, "");
        Scratch.deleteDb(db);
        if (round > 0) {
          bySize.get(i).add(ns);
        }
      }
    }
    // One engine on each file for all rounds, workflows alternating between them one by one, so that
    // the disk's drifts hit both alike; each round adds a few workflows, nothing next to the 100,000.
    try (DurableEngine onSmall = Scratch.engine(smallTemplate, Durability.SURVIVES_PROCESS_CRASH, Probe.NONE);
        DurableEngine onLarge = Scratch.engine(largeTemplate, Durability.SURVIVES_PROCESS_CRASH, Probe.NONE)) {
      for (int round = 0; round <= config.rounds(); round++) {
        for (int w = 0; w < config.populatedProbeWorkflows(); w++) {
          String id = "probe-" + round + "-" + w;
          double s = nanosPerStep(onSmall, id, config.populatedProbeSteps());
          double l = nanosPerStep(onLarge, id, config.populatedProbeSteps());
          if (round > 0) {
            small.add(s);
            large.add(l);
          }
        }
      }
    }
    Scratch.deleteDb(smallTemplate);
    Scratch.deleteDb(largeTemplate);

    double base = Samples.median(bySize.get(0));
    char id = 'a';
    table.add(Row.info("5" + id++, String.format(Locale.ROOT, "Per-step cost, %,d-step workflow (survives process crash)",
        sizes.get(0)), Row.micros(base) + " per step"));
    for (int i = 1; i < sizes.size(); i++) {
      double ns = Samples.median(bySize.get(i));
      table.add(flat("5" + id++, String.format(Locale.ROOT, "Per-step cost, %,d-step workflow", sizes.get(i)), ns,
          base, String.format(Locale.ROOT, "%,d steps (row 5a)", sizes.get(0))));
    }
    double smallNs = Samples.median(small);
    table.add(Row.info("5" + id++, String.format(Locale.ROOT, "Per-step cost, %,d-step workflows, 1 completed workflow in the database",
        config.populatedProbeSteps()), Row.micros(smallNs) + " per step"));
    table.add(flat("5" + id, String.format(Locale.ROOT, "Same, %,d completed workflows (%,d steps each) in the database",
        config.populatedWorkflows(), config.populatedStepsEach()), Samples.median(large), smallNs,
        "1 workflow (row 5" + (char) (id - 1) + ")"));
    table.note(String.format(Locale.ROOT, "Row 5 setup: cloning %,d completed workflows took %.1f s.",
        config.populatedWorkflows(), populateSeconds));
  }

  private static Row flat(String id, String measurement, double ns, double baseNs, String baseline) {
    double ratio = ns / baseNs;
    return new Row(id, measurement, Row.micros(ns) + " per step", Row.micros(baseNs) + " at " + baseline,
        Row.ratio(ratio), "≤ 1.20x", Row.Verdict.of(ratio <= 1.20));
  }

  /** Runs one new workflow of {@code steps} steps; nanoseconds per step. */
  private static double nanosPerStep(DurableEngine engine, String id, int steps) {
    StepsWorkflow workflow = engine.workflow(StepsWorkflow.class, id);
    long t0 = System.nanoTime();
    workflow.run(steps);
    return (System.nanoTime() - t0) / (double) steps;
  }

  /** Runs {@code workflows} new workflows of {@code steps} steps one after another; nanoseconds per step. */
  private static double nanosPerStep(Path db, int workflows, int steps, String idPrefix) {
    long elapsed = 0;
    try (DurableEngine engine = Scratch.engine(db, Durability.SURVIVES_PROCESS_CRASH, Probe.NONE)) {
      for (int w = 0; w < workflows; w++) {
        StepsWorkflow workflow = engine.workflow(StepsWorkflow.class, "scaling-" + idPrefix + "-" + w);
        long t0 = System.nanoTime();
        workflow.run(steps);
        elapsed += System.nanoTime() - t0;
      }
    }
    return elapsed / ((double) workflows * steps);
  }

  /** A database holding {@code count} completed workflows of {@code populatedStepsEach} steps. */
  private void populate(Path db, int count) {
    String template = "done-0";
    try (DurableEngine engine = Scratch.engine(db, Durability.SURVIVES_PROCESS_CRASH, Probe.NONE)) {
      engine.workflow(StepsWorkflow.class, template).run(config.populatedStepsEach());
    }
    if (count <= 1) {
      return;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      c.setAutoCommit(false);
      clone(c, "durable_workflows", template, count);
      clone(c, "durable_steps", template, count);
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("could not populate " + db, e);
    }
  }

  /** Copies the template's rows of {@code table} under ids done-1 .. done-(count-1), whatever the columns. */
  private static void clone(Connection c, String table, String template, int count) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        columns.add(rs.getString("name"));
      }
    }
    String select = columns.stream().map(col -> col.equals("workflow_id") ? "'done-' || n.k" : "t." + col)
        .collect(Collectors.joining(", "));
    try (PreparedStatement insert = c.prepareStatement("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?)"
        + " INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + select + " FROM n, " + table
        + " t WHERE t.workflow_id = ?")) {
      insert.setInt(1, count - 1);
      insert.setString(2, template);
      insert.executeUpdate();
    }
  }
}
