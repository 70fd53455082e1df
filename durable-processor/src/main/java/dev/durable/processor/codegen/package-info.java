/**
 * Generation of {@code WorkflowDescriptor} classes and their {@code META-INF/services} entry.
 * Runs only for workflow classes whose checks found no errors.
 */
package dev.durable.processor.codegen;
