package dev.durable.bench;

/** Called at the start of each executed (not replayed) step body, with the step's index. */
@FunctionalInterface
public interface Probe {
  Probe NONE = i -> {};

  void atStep(int index);
}
