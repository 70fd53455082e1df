package dev.durable.bench;

import java.util.Locale;

/** What each row means and how it was measured, printed under the table. */
final class Footnotes {
  private Footnotes() {}

  static void addTo(ResultTable table, BenchConfig c) {
    table.note(String.format(Locale.ROOT, "Every ratio compares figures measured in this run; each figure is the median of %d"
        + " timed rounds after an untimed warm-up round. The workflow calls one @DurableStep, which returns its int"
        + " argument, N times in a loop.", c.rounds()));
    table.note(String.format(Locale.ROOT, "1. Time between consecutive step bodies of one sequential %,d-step workflow"
        + " (commit of the result with synchronous=FULL, plus the started marker of the next step), against %,d"
        + " autocommitted single-row INSERTs of the same row into the same table, WAL, synchronous=FULL, same directory;"
        + " fresh files each round.", c.latencySteps(), c.latencySteps()));
    table.note(String.format(Locale.ROOT, "2. Default durability. 1 workflow of %,d steps; 8 of %,d; 64 of %,d; each"
        + " workflow on its own thread, one engine; wall time from releasing all threads until the last returns"
        + " (claims and finishes included).", c.singleWorkflowSteps(), c.stepsPerWorkflow8(), c.stepsPerWorkflow64()));
    table.note(String.format(Locale.ROOT, "3. A child JVM runs the %,d-step workflow and halts (Runtime.halt) inside"
        + " the body of its last step; each round resumes a copy of the files with a new engine (default durability)."
        + " Timed: from the resuming call until the interrupted step's body starts again (claim, the one history"
        + " query, %,d replayed steps), divided by %,d. The first round checks that %,d steps were REPLAYED and the"
        + " last one RE_EXECUTED.", c.replaySteps(), c.replaySteps() - 1, c.replaySteps() - 1, c.replaySteps() - 1));
    table.note("4. The real engine (proxy, interception, positions, replay check, JSON, records, owner fence) run"
        + " through dev.durable.internal.WorkflowEngineCore on an in-memory WorkflowStore that commits nothing: all"
        + " the CPU the engine adds around the store. 4b (no target) is the other side: the engine with the SQLite"
        + " store on a RAM file system without sync, minus a raw INSERT there; it includes the SQL the store runs"
        + " per step beyond one insert (started marker, owner fence, two transactions).");
    table.note(String.format(Locale.ROOT, "5. Durability survives-process-crash (no sync per commit), so a scan that"
        + " grows with the history is not hidden by the disk's sync time. Cost = whole workflow call / steps. 5a-5c:"
        + " fresh database per size and round, at least %,d steps per size. 5d-5e: %,d workflows of %,d steps in a"
        + " database holding 1 completed workflow vs %,d completed workflows of %,d steps (cloned with SQL from one"
        + " the engine ran).", c.stepsPerSize(), c.populatedProbeWorkflows(), c.populatedProbeSteps(),
        c.populatedWorkflows(), c.populatedStepsEach()));
    table.note(String.format(Locale.ROOT, "6. Resuming a %,d-step workflow crashed like row 3. Retained: heap used"
        + " after a full GC inside the re-executed last step minus heap used after a full GC before the call (the"
        + " history and replay state the run holds). Allocated: bytes the calling thread allocated until then.",
        c.heapReplaySteps()));
  }
}
