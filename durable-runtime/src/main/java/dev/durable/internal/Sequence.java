package dev.durable.internal;

/**
 * Hands out deterministic positions within one line of workflow code: {@code 1, 2, 3} at the top
 * level, {@code 4.1, 4.2} inside the branch forked at position 4. A sequence is used by exactly one
 * thread (the workflow thread or its branch's thread), so no synchronization is needed, and the
 * positions do not depend on how branches interleave.
 */
final class Sequence {
  private final String prefix;
  private int counter;

  private Sequence(String prefix) {
    this.prefix = prefix;
  }

  static Sequence root() {
    return new Sequence("");
  }

  Sequence branch(String position) {
    return new Sequence(position + ".");
  }

  String next() {
    return prefix + (++counter);
  }

  /** The position {@link #next()} would hand out, without handing it out. */
  String peek() {
    return prefix + (counter + 1);
  }
}
