package dev.durable.bench;

import java.util.Locale;

/** What each row means and how it was measured, printed under the table. */
final class Footnotes {
  private Footnotes() {}

  static void addTo(ResultTable table, BenchConfig c) {
    table.note(String.format(Locale.ROOT, "All figures come from this one run; a ratio compares figures measured side by"
        + " side in it. Each figure is the median of %d timed rounds (row 1: of its interleaved chunks) after untimed"
        + " warm-up; \"rounds a–b\" gives the lowest and highest of the rounds' own ratios (row 3: of the"
        + " resumes), to show how far this machine's noise moves a figure. The workflow calls one @DurableStep,"
        + " which returns its int argument, N times in a loop.",
        c.rounds()));
    table.note(String.format(Locale.ROOT, "1. One sequential workflow, default durability: time between the starts of"
        + " consecutive step bodies (a started marker written to the engine's memory-mapped marker file, then the step's result committed with"
        + " synchronous=FULL). Baseline: autocommitted single-row INSERTs of the same row into the same table (the step log) of another"
        + " database in the same directory, WAL, synchronous=FULL, with sqlite-jdbc's generated-keys query off as in"
        + " the engine. The two alternate in chunks of %d (%,d of each per round), because the disk's speed drifts"
        + " within seconds. One engine runs a new workflow each round, as an application keeps one engine; round 0"
        + " warms it up.", LatencyBench.CHUNK, c.latencySteps()));
    table.note(String.format(Locale.ROOT, "2. Default durability, one engine; 1 workflow of %,d steps, 8 of %,d, 64 of"
        + " %,d, each on its own %s thread; one engine and database per configuration, new workflows each round (the first"
        + " %d rounds warm up, until the JIT has settled); wall time from releasing all threads until the last"
        + " returns (claims and finishes included). CPU per step: the whole process's CPU time over that interval"
        + " divided by the steps; the ratio can reach at most cores x (time of a lone step / CPU per step), so with a"
        + " fast sync the targets need a slower disk or more cores. Steps per commit: the steps over the transactions"
        + " the store committed in that interval (each synced; claims and finishes included), i.e. how many steps"
        + " shared a sync. 2d (no target) is the storage's ceiling for the same rows: after each configuration, one"
        + " thread inserts as many step rows into the step log of another database, 1, 8 or 64 per synced transaction"
        + " (one per workflow), with no engine and no threads to wake; the engine's ratios can approach these, not"
        + " pass them. 2e (no target) adds the threads back without the engine: as many %s threads as row 2b"
        + " and 2c had workflows each insert as many rows, one at a time, through the smallest group commit (a queue,"
        + " a lock; whoever takes it commits every queued row in one synced transaction and unparks their threads; no"
        + " waiting for a batch to fill, no fold), right after row 2d on the same database.", c.singleWorkflowSteps(), c.stepsPerWorkflow8(),
        c.stepsPerWorkflow64(), c.threads().label, ThroughputBench.warmupRounds(c), c.threads().label));
    table.note(String.format(Locale.ROOT, "3. A child JVM runs %d workflows of %,d steps (and the one of row 6) and"
        + " halts (Runtime.halt) once all are inside the body of their last step. A new engine (default durability) on"
        + " the crashed file resumes them one by one; the first %d warm up. Timed: from the resuming call until the"
        + " interrupted step's body starts again (claim, the one history query, %,d replayed steps), divided by %,d."
        + " Each resume is checked to run only the interrupted step's body, as attempt 2.",
        c.rounds() + ReplayBench.WARMUP_RESUMES, c.replaySteps(), ReplayBench.WARMUP_RESUMES, c.replaySteps() - 1,
        c.replaySteps() - 1));
    table.note("4. The real engine (proxy, interception, positions, replay check, JSON of the result, records, owner"
        + " fence) on an in-memory WorkflowStore that commits nothing, injected through"
        + " dev.durable.internal.WorkflowEngineCore: CPU time of the workflow's thread per step, one engine for all"
        + " rounds. 4b (no target) shows the other side: the same workflow with the SQLite store on a RAM file system"
        + " without sync, minus a raw INSERT there; the difference is the SQL the store runs per step beyond one insert"
        + " (the started marker, transaction control, owner fence) plus the engine.");
    table.note(String.format(Locale.ROOT, "5. Durability survives-process-crash (no sync per commit), so that a scan"
        + " growing with the history would not hide behind the disk's sync time. Cost = whole workflow call / steps."
        + " 5a-5c: fresh database per size and round, at least %,d steps per size. 5d-5e: %,d workflows of %,d steps"
        + " per round, alternating one by one between a database holding 1 completed workflow and one holding %,d"
        + " completed workflows of %,d steps (cloned with SQL from one the engine ran); median per workflow.", c.stepsPerSize(), c.populatedProbeWorkflows(), c.populatedProbeSteps(),
        c.populatedWorkflows(), c.populatedStepsEach()));
    table.note(String.format(Locale.ROOT, "6. Resuming a %,d-step workflow crashed like row 3, by the same engine."
        + " Retained: heap used after a full GC inside the re-executed last step, minus heap used after a full GC"
        + " before the call (the history and replay state the run holds). Allocated: bytes the calling thread"
        + " allocated until then.", c.heapReplaySteps()));
    table.note(String.format(Locale.ROOT, "9. The PostgreSQL store on a real server (below: which, and its durability"
        + " settings), the database on this machine's disk. 9a: as row 1 (chunks of %d steps of one workflow and %d"
        + " autocommitted single-row INSERTs of a step row's columns into a plain table, alternating), each step's outcome"
        + " committed before the call returns. 9b: as row 2, one engine. 9c: the same 64 workflows started with"
        + " engine.start by a client-only engine and carried out by worker JVMs (64 worker threads each) that were"
        + " started and ready before the clock started; wall time until every result is in.",
        LatencyBench.CHUNK, LatencyBench.CHUNK));
  }
}
