package dev.durable;

import java.util.List;

/**
 * What {@link DurableEngine#recover()} did with each unfinished workflow it found.
 *
 * @param entries one entry per unfinished workflow, in the order they were found
 */
public record RecoveryReport(List<Entry> entries) {

  public RecoveryReport {
    entries = List.copyOf(entries);
  }

  /** How one workflow's recovery ended. */
  public enum Outcome {
    /** Resumed and ran to completion. */
    COMPLETED,
    /** Resumed and ended with an exception, which is recorded. */
    FAILED,
    /** Not resumed: its class is unknown or cannot be constructed, or another live process runs it. */
    SKIPPED,
    /**
     * Resumed up to a durable timer that is not due yet (or found asleep): it is WAITING, and a
     * worker resumes it when its time comes.
     */
    WAITING
  }

  /**
   * @param workflowId the workflow
   * @param workflowName its durable name
   * @param outcome how its recovery ended
   * @param detail the error or the reason it was skipped (null when completed)
   */
  public record Entry(String workflowId, String workflowName, Outcome outcome, String detail) {}

  /** The entries with the given outcome. */
  public List<Entry> withOutcome(Outcome outcome) {
    return entries.stream().filter(e -> e.outcome() == outcome).toList();
  }
}
