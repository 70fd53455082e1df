package dev.durable;

import java.time.Instant;
import java.util.Objects;

/**
 * Which stored runs {@link DurableEngine#list(WorkflowQuery)} returns: newest first, at most {@link
 * #limit()} of them, optionally only those of one status, one workflow name, or started since a time.
 *
 * <pre>{@code
 * engine.list(WorkflowQuery.all().status(WorkflowStatus.WAITING).workflowName("Onboarding").limit(20));
 * }</pre>
 */
public final class WorkflowQuery {
  private final WorkflowStatus status;
  private final String workflowName;
  private final Instant startedSince;
  private final int limit;

  private WorkflowQuery(WorkflowStatus status, String workflowName, Instant startedSince, int limit) {
    this.status = status;
    this.workflowName = workflowName;
    this.startedSince = startedSince;
    this.limit = limit;
  }

  /** Every run, newest first, at most 100. */
  public static WorkflowQuery all() {
    return new WorkflowQuery(null, null, null, 100);
  }

  /** Only runs with this status. */
  public WorkflowQuery status(WorkflowStatus status) {
    return new WorkflowQuery(Objects.requireNonNull(status, "status"), workflowName, startedSince, limit);
  }

  /** Only runs of the workflow with this durable name (its {@code @DurableWorkflow} name or simple class name). */
  public WorkflowQuery workflowName(String workflowName) {
    return new WorkflowQuery(status, Objects.requireNonNull(workflowName, "workflowName"), startedSince, limit);
  }

  /** Only runs first started at or after {@code since}. */
  public WorkflowQuery startedSince(Instant since) {
    return new WorkflowQuery(status, workflowName, Objects.requireNonNull(since, "since"), limit);
  }

  /** At most this many runs (1 to 10,000). */
  public WorkflowQuery limit(int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be between 1 and 10000, got " + limit);
    }
    return new WorkflowQuery(status, workflowName, startedSince, limit);
  }

  /** The status asked for, or null for any. */
  public WorkflowStatus status() {
    return status;
  }

  /** The workflow name asked for, or null for any. */
  public String workflowName() {
    return workflowName;
  }

  /** The earliest start asked for, or null for any. */
  public Instant startedSince() {
    return startedSince;
  }

  /** The most runs returned. */
  public int limit() {
    return limit;
  }
}
