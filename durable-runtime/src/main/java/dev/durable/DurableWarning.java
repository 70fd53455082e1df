package dev.durable;

/**
 * Something the engine works around but that the application should know about, as reported to
 * {@link DurableListener#onWarning}. The engine also logs every warning at WARN through SLF4J; the
 * listener is for applications that collect warnings elsewhere (metrics, health checks, tests) or
 * have no SLF4J provider, in which case SLF4J drops them.
 *
 * <pre>{@code
 * DurableEngine engine = DurableEngine.builder(Path.of("app.db"))
 *     .listener(new DurableListener() {
 *       public void onWarning(DurableWarning w) { alerts.raise(w.kind().name(), w.message()); }
 *     })
 *     .build();
 * }</pre>
 *
 * @param kind what the warning is about
 * @param workflowId the workflow concerned, or null if the warning is about a class rather than a run
 * @param workflowName the durable name of the workflow class concerned
 * @param className the binary name of the workflow class concerned
 * @param message the full text, as logged: what happened, why it matters, and what to do
 */
public record DurableWarning(Kind kind, String workflowId, String workflowName, String className, String message) {

  /** The kinds of warnings. New kinds may be added. */
  public enum Kind {
    /**
     * An unfinished run is being resumed by workflow code whose fingerprint differs from the code that
     * last ran it. If the change affects which steps run in which order, replay stops with a
     * {@link NonDeterministicWorkflowException}.
     */
    CODE_CHANGED,
    /**
     * {@link DurableEngine#recover()} or this engine's worker left a stored run alone because this
     * engine cannot run it now: its class cannot be loaded or constructed here, its method or
     * arguments no longer fit, or another live engine runs it. The message says which.
     */
    WORKFLOW_SKIPPED,
    /**
     * A workflow class was compiled without {@code durable-processor}, so it has no generated
     * descriptor: its code was not checked for determinism at compile time, and a run resumed by
     * changed code is not detected. Reported once per class and engine; {@code workflowId} is null.
     */
    CLASS_WITHOUT_DESCRIPTOR
  }
}
