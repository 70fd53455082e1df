package dev.durable.internal.store;

/**
 * What a caller knows about a run it wants to start or resume.
 *
 * @param workflowId the id
 * @param workflowName the durable name of the class
 * @param className the binary class name
 * @param method the workflow method as {@code name(param types)}
 * @param argumentsJson the arguments as a JSON array
 * @param fingerprint the fingerprint of the running code, or null if unknown
 */
public record NewWorkflow(
    String workflowId,
    String workflowName,
    String className,
    String method,
    String argumentsJson,
    String fingerprint) {}
