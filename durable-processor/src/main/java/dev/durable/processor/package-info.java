/**
 * The {@code durable-processor} annotation processor: it rejects workflow code that cannot replay
 * at {@code javac} time and generates one {@code WorkflowDescriptor} per workflow class.
 *
 * <p>Only {@link dev.durable.processor.DurableProcessor} is meant to be named by users (and only on
 * an annotation-processor path). The other public types are public because they cross packages
 * inside this module. They are not API and may change without notice.
 */
package dev.durable.processor;
