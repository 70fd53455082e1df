package dev.durable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A saga's undo list: register a compensation after each step that needs one, and run them all, in
 * reverse order, when the workflow fails or is cancelled. Compensations call {@code @DurableStep}
 * methods, so each is a durable step: a crash during compensation resumes it, replaying the ones
 * that ran and running only the rest. Registration is plain workflow code, so a replay registers the
 * same compensations in the same order.
 *
 * <pre>{@code
 * Compensations undo = new Compensations();
 * try {
 *   Laptop laptop = provisionLaptop(hire);
 *   undo.add(() -> returnLaptop(laptop));
 *   Access access = grantAccess(hire);
 *   undo.add(() -> revokeAccess(access));
 *   return sendWelcome(hire, laptop, access);
 * } catch (RuntimeException e) { // a step's failure, or WorkflowCancelledException
 *   undo.compensate();
 *   throw e;
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use one per line of workflow code (one per {@link Durable#async} branch).
 */
public final class Compensations {
  private final Deque<Runnable> undo = new ArrayDeque<>();

  /** Registers {@code compensation} to run if {@link #compensate()} is called later. */
  public Compensations add(Runnable compensation) {
    if (compensation == null) {
      throw new NullPointerException("Compensations.add(compensation): compensation is null");
    }
    undo.push(compensation);
    return this;
  }

  /** How many compensations are registered and not yet run. */
  public int size() {
    return undo.size();
  }

  /**
   * Runs the registered compensations, the last registered first, each once. One that throws does
   * not stop the others: after all have run, the first failure is thrown with the others suppressed.
   */
  public void compensate() {
    List<RuntimeException> failures = new ArrayList<>();
    while (!undo.isEmpty()) {
      Runnable compensation = undo.pop();
      try {
        compensation.run();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }
}
