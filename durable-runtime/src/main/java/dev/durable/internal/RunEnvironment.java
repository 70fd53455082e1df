package dev.durable.internal;

import dev.durable.internal.store.WorkflowStore;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every run of one engine works with: the store it records in as {@code owner}, the clock,
 * the executor of its parallel branches, and the components that record at positions besides steps:
 * values, events and child workflows.
 * {@code engine} only identifies the engine, so that a run can tell a proxy of its own engine from
 * another's.
 */
record RunEnvironment(Object engine, WorkflowStore store, String owner, Clock clock, Executor branchExecutor,
    RecordedValues values, EventWaits events, Children children) {}
