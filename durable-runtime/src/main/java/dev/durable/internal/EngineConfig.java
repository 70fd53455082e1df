package dev.durable.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durable.ChangedCodePolicy;
import dev.durable.ConcurrentRunPolicy;
import dev.durable.DurableListener;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.WorkflowStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Everything the public builder collected, handed to the engine core in one piece.
 *
 * @param branchExecutor runs Durable.async branches and recovery; null means the engine owns a default one
 * @param proxyDumpDirectory where generated proxies are written for debugging, or null
 * @param retryBackoff whether a failed step waits out its backoff before the next attempt (false in tests)
 * @param changedCode what a resume by changed workflow code does
 */
public record EngineConfig(
    WorkflowStore store,
    String owner,
    OwnerLiveness liveness,
    ObjectMapper mapper,
    Clock clock,
    Duration leaseDuration,
    ConcurrentRunPolicy concurrentRuns,
    List<DurableListener> listeners,
    Map<Class<?>, Object[]> constructorArguments,
    ExecutorService branchExecutor,
    ClassLoader classLoader,
    Path proxyDumpDirectory,
    Duration pollInterval,
    int workerThreads,
    boolean clientOnly,
    boolean retryBackoff,
    ChangedCodePolicy changedCode) {}
