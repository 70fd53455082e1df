package dev.durable.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Timestamps step bodies. The time between the first and the last body to start covers every step
 * in between completely (body, result commit, next step's bookkeeping) and nothing of the workflow's
 * claim or finish, so it divides cleanly into a per-step cost. Given the index of the last step, it
 * also reads the thread's CPU time at the first and the last step (too costly to read at every step).
 */
final class StepClock implements Probe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final int lastIndexForCpu;
  private long first;
  private long last;
  private long firstCpu;
  private long lastCpu;
  private int firstIndex = -1;
  private int lastIndex = -1;

  StepClock() {
    this(-1);
  }

  StepClock(int lastIndexForCpu) {
    this.lastIndexForCpu = lastIndexForCpu;
  }

  @Override
  public void atStep(int index) {
    long now = System.nanoTime();
    if (firstIndex < 0) {
      first = now;
      firstIndex = index;
      if (lastIndexForCpu >= 0) {
        firstCpu = THREADS.getCurrentThreadCpuTime();
      }
    } else if (index == lastIndexForCpu) {
      lastCpu = THREADS.getCurrentThreadCpuTime();
    }
    last = now;
    lastIndex = index;
  }

  /** Nanoseconds between the first and the last step body seen. */
  long spanNanos() {
    return last - first;
  }

  /** CPU nanoseconds of the workflow's thread between the first step body and the last one. */
  long cpuNanos() {
    return lastCpu - firstCpu;
  }

  /** How many whole steps {@link #spanNanos()} covers. */
  int intervals() {
    return lastIndex - firstIndex;
  }
}
