package dev.durable.bench;

import java.util.List;

/**
 * The sizes of one run. {@link #full()} is what the documented command runs (a few minutes on two
 * cores); {@link #quick()} keeps every row but shrinks it to seconds, for the smoke test.
 *
 * @param rounds timed repetitions per row, after one untimed warm-up round
 * @param latencySteps row 1: steps of the sequential workflow and raw inserts per round
 * @param singleWorkflowSteps row 2: steps of the lone workflow
 * @param stepsPerWorkflow8 row 2: steps of each of 8 concurrent workflows
 * @param stepsPerWorkflow64 row 2: steps of each of 64 concurrent workflows
 * @param replaySteps row 3: steps of the workflow resumed after a crash at its last step
 * @param heapReplaySteps row 6: steps of the workflow whose replay's heap is measured
 * @param overheadSteps row 4: steps per workflow on the in-memory store
 * @param workflowSizes row 5: steps in one workflow, smallest first (the baseline)
 * @param stepsPerSize row 5: at least this many steps are timed per size and round
 * @param populatedWorkflows row 5: completed workflows already in the large database
 * @param populatedStepsEach row 5: steps of each of those
 * @param populatedProbeSteps row 5: steps of each workflow timed on the small and the large database
 * @param populatedProbeWorkflows row 5: how many of those per round
 * @param threads row 2: the threads its workflows run on
 */
record BenchConfig(
    int rounds,
    int latencySteps,
    int singleWorkflowSteps,
    int stepsPerWorkflow8,
    int stepsPerWorkflow64,
    int replaySteps,
    int heapReplaySteps,
    int overheadSteps,
    List<Integer> workflowSizes,
    int stepsPerSize,
    int populatedWorkflows,
    int populatedStepsEach,
    int populatedProbeSteps,
    int populatedProbeWorkflows,
    WorkflowThreads threads) {

  static BenchConfig full() {
    return new BenchConfig(5, 1_000, 3_000, 1_000, 300, 10_000, 100_000, 20_000,
        List.of(100, 10_000, 100_000), 10_000, 100_000, 5, 1_000, 5, WorkflowThreads.PLATFORM);
  }

  static BenchConfig quick() {
    return new BenchConfig(1, 30, 30, 10, 3, 200, 500, 500, List.of(10, 100, 300), 300, 300, 2, 50, 2,
        WorkflowThreads.PLATFORM);
  }

  /** The same sizes, with row 2's workflows on {@code threads}. */
  BenchConfig withThreads(WorkflowThreads threads) {
    return new BenchConfig(rounds, latencySteps, singleWorkflowSteps, stepsPerWorkflow8, stepsPerWorkflow64, replaySteps,
        heapReplaySteps, overheadSteps, workflowSizes, stepsPerSize, populatedWorkflows, populatedStepsEach,
        populatedProbeSteps, populatedProbeWorkflows, threads);
  }
}
