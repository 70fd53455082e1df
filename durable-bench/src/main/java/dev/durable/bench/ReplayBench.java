package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import dev.durable.DurableListener;
import dev.durable.StepEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows 3 and 6: resuming a workflow after a real crash at its last step. A child JVM runs the
 * workflows and halts inside the body of their last step ({@link CrashChild}); each timed round
 * resumes a fresh copy of the crashed files with a new engine at default durability. The replay
 * time runs from the resuming call until the body of the interrupted last step starts again: it
 * covers the claim, the one history query and every replayed step.
 */
final class ReplayBench {
  private static final int WARMUP_ROUNDS = 3;

  private final BenchConfig config;
  private final Scratch scratch;
  private String childOutput = "";

  ReplayBench(BenchConfig config, Scratch scratch) {
    this.config = config;
    this.scratch = scratch;
  }

  List<Row> run() throws IOException, InterruptedException {
    Path crashed = scratch.newDb("crashed-" + config.replaySteps());
    Path crashedLarge = scratch.newDb("crashed-" + config.heapReplaySteps());
    crashInChildJvm(crashed, config.replaySteps(), crashedLarge, config.heapReplaySteps());

    List<Double> perStep = new ArrayList<>();
    for (int round = 0; round < WARMUP_ROUNDS + config.rounds(); round++) {
      double ns = resume(crashed, config.replaySteps(), round == 0).replayNanos / (config.replaySteps() - 1);
      if (round >= WARMUP_ROUNDS) {
        perStep.add(ns);
      }
    }
    double replayNs = Samples.median(perStep);
    Resume large = resume(crashedLarge, config.heapReplaySteps(), false);
    int replayed = config.heapReplaySteps() - 1;
    return List.of(
        new Row("3", String.format(java.util.Locale.ROOT, "Replay per step, %,d-step workflow resumed after a crash (child JVM halted) at its last step",
            config.replaySteps()), Row.micros(replayNs) + " per step", "", "", "< 3 µs", Row.Verdict.of(replayNs < 3_000)),
        Row.info("6", String.format(java.util.Locale.ROOT, "Heap while replaying a %,d-step workflow (live set at its last step, after GC)",
            config.heapReplaySteps()), Row.mib(large.retainedBytes) + " retained (" + large.retainedBytes / replayed
                + " B/step); " + Row.mib(large.allocatedBytes) + " allocated (" + large.allocatedBytes / replayed
                + " B/step); replay " + Row.micros(large.replayNanos / replayed) + " per step"));
  }

  private record Resume(double replayNanos, long retainedBytes, long allocatedBytes) {}

  /** Resumes a fresh copy of a crashed database; on {@code verify}, checks the outcome of every step. */
  private Resume resume(Path crashed, int steps, boolean verify) {
    Path db = scratch.copyDb(crashed, "resume");
    AtomicLong lastStepStarted = new AtomicLong();
    long[] heapAtLastStep = new long[2];
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    boolean measureHeap = steps == config.heapReplaySteps();
    Probe probe = i -> {
      if (i == steps - 1) {
        lastStepStarted.set(System.nanoTime());
        if (measureHeap) {
          heapAtLastStep[1] = threads.getCurrentThreadAllocatedBytes();
          heapAtLastStep[0] = usedHeapAfterGc();
        }
      }
    };
    Map<StepEvent.Outcome, Integer> outcomes = new ConcurrentHashMap<>();
    DurableListener counter = new DurableListener() {
      @Override
      public void onStep(StepEvent event) {
        outcomes.merge(event.outcome(), 1, Integer::sum);
      }
    };
    try (DurableEngine engine = verify ? Scratch.engine(db, Durability.SURVIVES_POWER_LOSS, probe, counter)
        : Scratch.engine(db, Durability.SURVIVES_POWER_LOSS, probe)) {
      StepsWorkflow workflow = engine.workflow(StepsWorkflow.class, CrashChild.WORKFLOW_ID);
      long heapBefore = measureHeap ? usedHeapAfterGc() : 0;
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      workflow.run(steps);
      double replayNanos = lastStepStarted.get() - t0;
      if (verify && (outcomes.getOrDefault(StepEvent.Outcome.REPLAYED, 0) != steps - 1
          || outcomes.getOrDefault(StepEvent.Outcome.RE_EXECUTED, 0) != 1 || outcomes.size() != 2)) {
        throw new IllegalStateException("resume after the crash did not replay " + (steps - 1) + " steps and re-execute"
            + " the interrupted one: " + outcomes + "\nchild output:\n" + childOutput);
      }
      return new Resume(replayNanos, heapAtLastStep[0] - heapBefore, heapAtLastStep[1] - allocatedBefore);
    } finally {
      Scratch.deleteDb(db);
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private void crashInChildJvm(Path db, int steps, Path dbLarge, int stepsLarge) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
        db.toString(), Integer.toString(steps), dbLarge.toString(), Integer.toString(stepsLarge))
        .redirectErrorStream(true)
        .start();
    StringBuilder output = new StringBuilder();
    boolean halted = false;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        output.append(line).append('\n');
        halted |= line.equals(CrashChild.HALT);
      }
    } finally {
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
    }
    childOutput = output.toString();
    if (!halted || child.exitValue() != 0) {
      throw new IllegalStateException("the crash child did not halt at the last step (exit " + child.exitValue()
          + "):\n" + childOutput);
    }
  }
}
