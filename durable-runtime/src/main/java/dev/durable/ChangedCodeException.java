package dev.durable;

/**
 * A call asked for a run that its engine's {@link ChangedCodePolicy} holds, because the workflow's
 * code changed since the run last ran. The run waits, its history intact; the message says how to
 * let it go on, fork it or cancel it.
 */
public final class ChangedCodeException extends DurableException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;
  private final String recordedFingerprint;
  private final String currentFingerprint;

  public ChangedCodeException(String workflowId, String recordedFingerprint, String currentFingerprint, String message) {
    super(message);
    this.workflowId = workflowId;
    this.recordedFingerprint = recordedFingerprint;
    this.currentFingerprint = currentFingerprint;
  }

  /** The run held. */
  public String workflowId() {
    return workflowId;
  }

  /** The fingerprint of the code that last ran it. */
  public String recordedFingerprint() {
    return recordedFingerprint;
  }

  /** The fingerprint of the code asked to resume it. */
  public String currentFingerprint() {
    return currentFingerprint;
  }
}
