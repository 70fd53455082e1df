package dev.durable;

/**
 * What an engine does with a run whose workflow code changed since the run last ran, as the
 * fingerprints of {@code durable-processor} tell (a class compiled without it has none, and is
 * always resumed). A run held by {@link #REFUSE} or {@link #PATCHES_ONLY} waits, {@code WAITING}
 * for a decision on its code in {@code list}, {@code inspect} and {@code durable list}; {@link
 * DurableEngine#resume} (or {@code durable resume ID}) lets it go on with the new code, {@link
 * DurableEngine#fork} runs it again from a chosen position, and {@link DurableEngine#cancel} ends it
 * (the cancellation goes into the new code, so that its compensations run).
 */
public enum ChangedCodePolicy {
  /**
   * Resume it, with a {@link DurableWarning.Kind#CODE_CHANGED} warning (the default). A change that
   * moves steps stops the replay with {@link NonDeterministicWorkflowException}.
   */
  WARN,
  /** Hold it until someone lets it go on: no changed code runs an old run unreviewed. */
  REFUSE,
  /**
   * Resume it if every change since it ran is inside {@code if (Durable.patched(...))} blocks, so
   * that it replays on the old path; hold it otherwise (and when the recorded code had no
   * patch-free fingerprint, from a version before this policy).
   */
  PATCHES_ONLY
}
