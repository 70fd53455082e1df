package dev.durable.testing;

import dev.durable.DurableEngine;

/**
 * One run for {@link CrashTester}: which workflow, with which fakes, started how. The tester makes a
 * new scenario for every run it crashes, so each starts with fresh fakes; both engines of one run
 * (the one killed and the one that resumes) get the same scenario, so its fakes remember the side
 * effects from before the crash, as real services would.
 */
public interface CrashScenario {
  /** Registers the workflow classes, with this scenario's fakes, on each engine of the run. */
  void configure(DurableEngine.Builder builder);

  /**
   * Starts the run under test with id {@code workflowId} (with {@code engine.start} or {@code
   * sendEventWithStart}), and sends it the events it will wait for. This is the outside world: the
   * run is killed only after this returns (a run that gets to its crash point sooner waits there),
   * so it must not wait for the run itself.
   */
  void start(DurableEngine engine, String workflowId);
}
