package dev.durable.internal;

import dev.durable.ChangedCodePolicy;
import dev.durable.DurableWarning;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.WaitKeys;
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
    // A run that never ran has no history to diverge from (a start recorded by a client of another
    // build, a child started by a parent on another version).
    if (stored.status().isFinished() || stored.runs() == 0 || recorded == null || current == null
        || full(recorded).equals(full(current))) {
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

  /**
   * Whether {@code request} runs the very code that last ran {@code stored}: then a hold on it is
   * lifted (the code it waited for a decision against is gone, as after a rollback).
   */
  static boolean sameCode(WorkflowRecord stored, NewWorkflow request) {
    return stored.fingerprint() != null && request.fingerprint() != null
        && full(stored.fingerprint()).equals(full(request.fingerprint()));
  }

  /** The fingerprint a held run waits for a decision on, or null if it is not held. */
  static String heldFor(WorkflowRecord stored) {
    if (stored.status() != WorkflowStatus.WAITING) {
      return null;
    }
    return stored.waitingFor().stream().map(WaitKeys::codeFingerprint).filter(f -> f != null).findFirst().orElse(null);
  }

  /**
   * The full part of a fingerprint: what tells the code apart. A fingerprint recorded before the
   * patch-free part existed is the full part alone, so code that did not change compares equal.
   */
  static String full(String fingerprint) {
    int slash = fingerprint.indexOf('/');
    return slash < 0 ? fingerprint : fingerprint.substring(0, slash);
  }

  /** The patch-free part of a fingerprint, or null if it has none. */
  static String patchFree(String fingerprint) {
    int slash = fingerprint.indexOf('/');
    return slash < 0 ? null : fingerprint.substring(slash + 1);
  }
}
