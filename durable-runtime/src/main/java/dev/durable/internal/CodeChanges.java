package dev.durable.internal;

import dev.durable.ChangedCodePolicy;
import dev.durable.DurableWarning;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.WorkflowRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges a resume by code whose fingerprint differs from the one that last ran the run, as the
 * engine's {@link ChangedCodePolicy} says. A fingerprint is {@code FULL} or {@code FULL/PATCHFREE}:
 * the processor's hash of the workflow code, and the same with every {@code if
 * (Durable.patched(...))} replaced by its {@code else} branch, so that equal patch-free parts mean
 * every change lies inside patches.
 */
final class CodeChanges {
  private static final Logger log = LoggerFactory.getLogger(CodeChanges.class);

  /** What to do with the run. */
  enum Verdict {
    /** Same code (or no fingerprint to compare): resume. */
    SAME,
    /** Changed, and the policy lets it resume. */
    CONTINUE,
    /** Changed, and the policy holds it until someone lets it go on. */
    HOLD
  }

  private final ChangedCodePolicy policy;
  private final Events events;

  CodeChanges(ChangedCodePolicy policy, Events events) {
    this.policy = policy;
    this.events = events;
  }

  ChangedCodePolicy policy() {
    return policy;
  }

  Verdict judge(WorkflowRecord stored, NewWorkflow request) {
    String recorded = stored.fingerprint();
    String current = request.fingerprint();
    if (stored.status().isFinished() || recorded == null || current == null || recorded.equals(current)) {
      return Verdict.SAME;
    }
    switch (policy) {
      case REFUSE:
        return Verdict.HOLD;
      case PATCHES_ONLY:
        String before = patchFree(recorded);
        if (before == null || !before.equals(patchFree(current))) {
          return Verdict.HOLD;
        }
        log.info("Workflow '{}' resumes on changed code: every change since it ran is inside Durable.patched blocks"
            + " (patch-free fingerprint {}).", request.workflowId(), before);
        return Verdict.CONTINUE;
      default:
        events.warning(log, new DurableWarning(DurableWarning.Kind.CODE_CHANGED, request.workflowId(),
            request.workflowName(), request.className(), "Workflow '" + request.workflowId() + "' ("
            + request.workflowName() + ") is being resumed by workflow code that differs from the code that last ran it"
            + " (fingerprint " + recorded + " then, " + current + " now). If the change affects which steps run in"
            + " which order, replay will stop with a NonDeterministicWorkflowException; otherwise it resumes normally."
            + " ChangedCodePolicy.REFUSE or PATCHES_ONLY on the engine's builder hold such runs instead."));
        return Verdict.CONTINUE;
    }
  }

  /** The message of a held run's {@link dev.durable.ChangedCodeException}. */
  String heldMessage(String workflowId, String recorded, String current) {
    return "Workflow '" + workflowId + "' is held: its code changed since it last ran (fingerprint " + recorded + " then, "
        + current + " now) and this engine's policy is " + policy + (policy == ChangedCodePolicy.PATCHES_ONLY
        ? ", which resumes a run only when every change lies inside Durable.patched(...) blocks" : "")
        + ". It waits, its history intact. Fix: let it go on with the new code (engine.resume(id), or durable resume"
        + " ID) if the change replays its history; or guard the change with Durable.patched and redeploy; or run it"
        + " again from the first changed position (engine.fork, durable fork); or cancel it.";
  }

  /** The patch-free part of a fingerprint, or null if it has none. */
  static String patchFree(String fingerprint) {
    int slash = fingerprint.indexOf('/');
    return slash < 0 ? null : fingerprint.substring(slash + 1);
  }
}
