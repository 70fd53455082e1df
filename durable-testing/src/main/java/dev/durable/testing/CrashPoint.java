package dev.durable.testing;

/**
 * Where {@link CrashTester} kills a run: at the write that records one history entry of one run (a
 * step's outcome, a recorded value, an await's event, a child's start, a sent event, or the run's
 * own end), just before it commits or just after.
 *
 * @param workflowId the run whose history the entry belongs to (the run under test, or a child)
 * @param position the entry's position in that history, or {@code end} for the run's outcome
 * @param name the step's name ({@code Durable.*} for what the engine records itself)
 * @param moment before or after the commit
 */
public record CrashPoint(String workflowId, String position, String name, Moment moment) {
  /** When, around the commit, the process dies. */
  public enum Moment {
    /** The step's body ran (its side effect happened), its outcome is not committed. */
    BEFORE_COMMIT,
    /** The outcome is committed; nothing after it is. */
    AFTER_COMMIT
  }

  /** The position of a run's own outcome among its crash points. */
  public static final String END = "end";

  @Override
  public String toString() {
    return (moment == Moment.BEFORE_COMMIT ? "before" : "after") + " the commit of " + name + " at " + workflowId + "#"
        + position;
  }
}
