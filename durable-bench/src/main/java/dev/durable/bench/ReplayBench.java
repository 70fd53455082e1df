package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import dev.durable.StepInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Rows 3 and 6: resuming workflows after a real crash at their last step. A child JVM runs them and
 * halts inside the body of their last step ({@link CrashChild}); then one new engine (default
 * durability) opens the crashed file and resumes them one after another, as a restarted process
 * would: the first resumes warm the JIT up, the others are timed, and the large one comes last. The replay time of a workflow runs
 * from the resuming call until the body of its interrupted last step starts again: the claim, the
 * one history query and every replayed step.
 */
final class ReplayBench {
  /**
   * Untimed resumes first. Resumes kept getting faster until about the eighth (4 to 5 µs per step
   * for the 4th to 8th, under 3 µs from the 9th on, in one run): C2 compiles the replay path late,
   * and a steady state is what the row is about.
   */
  static final int WARMUP_RESUMES = 8;

  private final BenchConfig config;
  private final Scratch scratch;
  private String childOutput = "";

  ReplayBench(BenchConfig config, Scratch scratch) {
    this.config = config;
    this.scratch = scratch;
  }

  /** Watches the step bodies a resume executes; all but the last step should be replayed. */
  private static final class ResumeProbe implements Probe {
    int steps;
    boolean measureHeap;
    int executed;
    long lastStepStarted;
    long lastStepCpu;
    long allocatedAtLastStep;
    long heapAtLastStep;

    void expect(int steps, boolean measureHeap) {
      this.steps = steps;
      this.measureHeap = measureHeap;
      this.executed = 0;
    }

    @Override
    public void atStep(int index) {
      executed++;
      if (index == steps - 1) {
        lastStepStarted = System.nanoTime();
        lastStepCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        if (measureHeap) {
          allocatedAtLastStep = allocatedBytes();
          heapAtLastStep = usedHeapAfterGc();
        }
      }
    }
  }

  List<Row> run() throws IOException, InterruptedException {
    int resumes = WARMUP_RESUMES + config.rounds();
    Path crashed = scratch.newDb("crashed");
    crashInChildJvm(List.of(crashed.toString(), config.replaySteps() + ":" + resumes, config.heapReplaySteps() + ":1"));

    List<Double> perStep = new ArrayList<>();
    List<Double> cpuPerStep = new ArrayList<>();
    ResumeProbe probe = new ResumeProbe();
    long retained;
    long allocated;
    double largeNs;
    try (DurableEngine engine = Scratch.engine(crashed, Durability.SURVIVES_POWER_LOSS, probe)) {
      for (int k = 0; k < resumes; k++) {
        probe.expect(config.replaySteps(), false);
        String id = CrashChild.workflowId(config.replaySteps(), k);
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        engine.workflow(StepsWorkflow.class, id).run(config.replaySteps());
        double ns = (probe.lastStepStarted - t0) / (double) (config.replaySteps() - 1);
        check(engine, id, probe);
        if (k >= WARMUP_RESUMES) {
          perStep.add(ns);
          cpuPerStep.add((probe.lastStepCpu - cpu0) / (double) (config.replaySteps() - 1));
        }
      }

      probe.expect(config.heapReplaySteps(), true);
      String id = CrashChild.workflowId(config.heapReplaySteps(), 0);
      StepsWorkflow workflow = engine.workflow(StepsWorkflow.class, id);
      long heapBefore = usedHeapAfterGc();
      long allocatedBefore = allocatedBytes();
      long t0 = System.nanoTime();
      workflow.run(config.heapReplaySteps());
      largeNs = (probe.lastStepStarted - t0) / (double) (config.heapReplaySteps() - 1);
      check(engine, id, probe);
      retained = probe.heapAtLastStep - heapBefore;
      allocated = probe.allocatedAtLastStep - allocatedBefore;
    }
    double replayNs = Samples.median(perStep);
    int replayed = config.heapReplaySteps() - 1;
    return List.of(
        new Row("3", String.format(Locale.ROOT, "Replay per step, %,d-step workflow resumed after a crash (child JVM"
            + " halted) at its last step", config.replaySteps()), Row.micros(replayNs) + " per step ("
            + Row.micros(Samples.median(cpuPerStep)) + " CPU; resumes "
            + Samples.range(perStep, ns -> Row.decimals(ns / 1000)) + " µs)", "", "", "< 3 µs",
            Row.Verdict.of(replayNs < 3_000)),
        Row.info("6", String.format(Locale.ROOT, "Heap while replaying a %,d-step workflow (live set at its last step,"
            + " after GC)", config.heapReplaySteps()), Row.mib(retained) + " retained (" + retained / replayed
            + " B/step); " + Row.mib(allocated) + " allocated (" + allocated / replayed + " B/step); replay "
            + Row.micros(largeNs) + " per step"));
  }

  /** The resume replayed every step but the last, which it ran again as an interrupted attempt. */
  private void check(DurableEngine engine, String id, ResumeProbe probe) {
    StepInfo last = engine.inspect(id).orElseThrow().steps().stream()
        .max(Comparator.comparingInt(s -> Integer.parseInt(s.position()))).orElseThrow();
    if (probe.executed != 1 || last.attempts() != 2 || last.status() != StepInfo.Status.COMPLETED) {
      throw new IllegalStateException("resuming " + id + " after the crash executed " + probe.executed
          + " step bodies (expected only the interrupted last one) and left its last step " + last
          + " (expected COMPLETED at attempt 2, i.e. detected as interrupted)\nchild output:\n" + childOutput);
    }
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** @param args {@code <db> <steps>:<count>...}, as {@link CrashChild} takes them */
  private void crashInChildJvm(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
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
      throw new IllegalStateException("the crash child did not halt at the last steps (exit " + child.exitValue()
          + "):\n" + childOutput);
    }
  }
}
