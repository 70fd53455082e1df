package dev.durable.bench;

/**
 * Timestamps step bodies. The time between the first and the last body to start covers every step
 * in between completely (body, result commit, next step's bookkeeping) and nothing of the workflow's
 * claim or finish, so it divides cleanly into a per-step cost.
 */
final class StepClock implements Probe {
  private long first;
  private long last;
  private int firstIndex = -1;
  private int lastIndex = -1;

  @Override
  public void atStep(int index) {
    long now = System.nanoTime();
    if (firstIndex < 0) {
      first = now;
      firstIndex = index;
    }
    last = now;
    lastIndex = index;
  }

  /** Nanoseconds between the first and the last step body seen. */
  long spanNanos() {
    return last - first;
  }

  /** How many whole steps {@link #spanNanos()} covers. */
  int intervals() {
    return lastIndex - firstIndex;
  }

  void reset() {
    firstIndex = -1;
    lastIndex = -1;
  }
}
