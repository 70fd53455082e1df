package dev.durable.testing;

/**
 * How the current code replayed one stored history (see {@link WorkflowReplayer}).
 *
 * @param workflowId the run the history was exported from
 * @param source where the history came from (a file name, or "text")
 * @param status whether the code replayed it
 * @param replayedSteps how many recorded steps the code reached and replayed without running them
 * @param recordedSteps how many steps the history holds (steps in flight when it was exported aside)
 * @param detail what went wrong, naming the position where the code and the history part, for a
 *     status other than {@link Status#REPLAYED}; null otherwise
 */
public record ReplayResult(
    String workflowId, String source, Status status, int replayedSteps, int recordedSteps, String detail) {

  /** Whether the code replays the history. */
  public enum Status {
    /**
     * The code reached every recorded position doing what the history says there, and went on to
     * completion or to a wait.
     */
    REPLAYED,
    /** The code does something else than the history at some position: a run like it would stop. */
    DIVERGED,
    /**
     * The code could not be run against the history at all: another workflow method or arguments,
     * a recorded value that no longer reads as its type, or the workflow failed in code run after
     * the history's end.
     */
    FAILED
  }

  /** Whether the code replays the history. */
  public boolean replays() {
    return status == Status.REPLAYED;
  }

  @Override
  public String toString() {
    return source + " (workflow '" + workflowId + "'): " + status + ", " + replayedSteps + " of " + recordedSteps
        + " recorded steps replayed" + (detail == null ? "" : ": " + detail);
  }
}
