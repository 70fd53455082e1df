package dev.durable;

/**
 * A step body is about to run, as reported to {@link DurableListener#onStepStart}. The same thread
 * then runs the body and reports its outcome as a {@link StepEvent} with the same workflow id,
 * position and attempt, so a listener can time the step or open a tracing span around it. Replayed
 * steps do not start: they are reported by their {@link StepEvent} alone.
 *
 * @param workflowId the workflow the step belongs to
 * @param workflowName the durable name of its workflow class
 * @param position the step's deterministic position, such as {@code 4} or {@code 2.1}
 * @param stepName the step's durable name
 * @param attempt the attempt that is starting (1 for a first execution)
 */
public record StepStart(String workflowId, String workflowName, String position, String stepName, int attempt) {}
