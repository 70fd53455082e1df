package dev.durable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durable.internal.EngineConfig;
import dev.durable.internal.JsonCodec;
import dev.durable.internal.ProcessOwners;
import dev.durable.internal.WorkflowEngineCore;
import dev.durable.internal.store.SqliteWorkflowStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Runs workflows durably on a SQLite file. Open one per database and process, share it between
 * threads, close it on shutdown.
 *
 * <pre>{@code
 * try (DurableEngine engine = DurableEngine.builder(Path.of("onboarding.db"))
 *     .register(OnboardingWorkflow.class, hrService, itService, mailer)
 *     .build()) {
 *   engine.recover();                                  // finish what a crash interrupted
 *   OnboardingWorkflow onboarding = engine.workflow(OnboardingWorkflow.class, "onboard-" + hire.id());
 *   OnboardingResult result = onboarding.onboard(hire); // runs, resumes, or returns the recorded result
 * }
 * }</pre>
 *
 * <p>Engines are independent: two engines in one JVM (on the same or different files) share nothing
 * but the file, and coordinate through it exactly as two processes would.
 */
public final class DurableEngine implements AutoCloseable {
  private final WorkflowEngineCore core;
  private final Path database;

  private DurableEngine(WorkflowEngineCore core, Path database) {
    this.core = core;
    this.database = database;
  }

  /** Opens (creating if missing) a database with the default settings. */
  public static DurableEngine open(Path sqliteFile) {
    return builder(sqliteFile).build();
  }

  /** A builder for an engine on {@code sqliteFile} (created if missing). */
  public static Builder builder(Path sqliteFile) {
    return new Builder(sqliteFile);
  }

  /**
   * A proxy of {@code workflowClass} bound to {@code workflowId}. Calling its {@code @WorkflowMethod}
   * runs the workflow durably: the first call starts it; a call after a crash or a failure resumes
   * it, replaying completed steps; a call after it completed returns the recorded result and runs
   * nothing. Classes with constructor parameters must be {@linkplain Builder#register registered}.
   *
   * @param workflowId a stable business key; any non-blank text of at most 512 characters without
   *     control characters
   * @throws WorkflowDefinitionException if the class cannot be proxied (final, private steps, ...)
   * @throws IllegalArgumentException if the id is null, blank, too long or has control characters
   */
  public <T> T workflow(Class<T> workflowClass, String workflowId) {
    Objects.requireNonNull(workflowClass, "workflowClass");
    return core.workflow(workflowClass, workflowId);
  }

  /**
   * Resumes every unfinished workflow in the database (interrupted by a crash) whose class this
   * engine can find and construct: registered classes, classes it has proxied, classes described by
   * the processor's descriptors, or classes loadable by name with a no-argument constructor. Runs
   * them in parallel and waits for them. A workflow that cannot be resumed is reported and skipped.
   */
  public RecoveryReport recover() {
    return core.recover();
  }

  /** What is stored for {@code workflowId}, with its step history. */
  public Optional<WorkflowInfo> inspect(String workflowId) {
    return core.inspect(workflowId);
  }

  /**
   * Deletes everything stored for {@code workflowId}, so the id can start afresh. Refuses while the
   * workflow runs in this engine or in another live one.
   *
   * @return whether anything was stored
   */
  public boolean forget(String workflowId) {
    return core.forget(workflowId);
  }

  /** The database file. */
  public Path database() {
    return database;
  }

  /** Stops lease renewal and branch threads and closes the database. Running workflows should have returned. */
  @Override
  public void close() {
    core.close();
  }

  /** Configures a {@link DurableEngine}; every setting has a default. */
  public static final class Builder {
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);
    private final Path database;
    private Durability durability = Durability.SURVIVES_POWER_LOSS;
    /** Null: half the lease, at most {@link #DEFAULT_LOCK_TIMEOUT}. */
    private Duration lockTimeout;
    private Duration leaseDuration = Duration.ofSeconds(15);
    private ConcurrentRunPolicy concurrentRuns = ConcurrentRunPolicy.WAIT;
    private final List<DurableListener> listeners = new ArrayList<>();
    private final Map<Class<?>, Object[]> constructorArguments = new LinkedHashMap<>();
    private ObjectMapper objectMapper;
    private Clock clock = Clock.systemUTC();
    private ExecutorService branchExecutor;
    private ClassLoader classLoader;
    private boolean shareDatabase;
    private Path proxyDumpDirectory;

    private Builder(Path database) {
      this.database = Objects.requireNonNull(database, "sqliteFile");
      String dump = System.getProperty("durable.dumpProxies");
      this.proxyDumpDirectory = dump == null || dump.isBlank() ? null : Path.of(dump);
    }

    /** What a completed step survives; default {@link Durability#SURVIVES_POWER_LOSS}. */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * How long a write waits for another process's lock on the file before failing; default half the
     * lease duration, at most 10 s. It must not exceed half the lease duration: a lease renewal that
     * waited longer for the lock could let the lease expire under a live engine, and another engine
     * would then take its workflows over while it runs them.
     */
    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = positive(lockTimeout, "lockTimeout");
      return this;
    }

    /**
     * How long another engine on another host waits before taking over a workflow whose owner
     * stopped renewing it; default 15 s. Renewed every third of it while the owner lives, however
     * long its steps run. On the same Linux host and in the same pid namespace a dead owner is
     * detected at once; elsewhere (another host, another container's pid namespace, other operating
     * systems) only the lease tells.
     */
    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = positive(leaseDuration, "leaseDuration");
      return this;
    }

    /** What a call does while the same workflow id runs elsewhere; default {@link ConcurrentRunPolicy#WAIT}. */
    public Builder concurrentRuns(ConcurrentRunPolicy policy) {
      this.concurrentRuns = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds a listener for step and workflow events. */
    public Builder listener(DurableListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Registers a workflow class with the arguments for its constructor (its dependencies), so that
     * {@link DurableEngine#workflow} and {@link DurableEngine#recover()} can construct it. A class
     * with a no-argument constructor needs no registration, but registering it lets recover() find it.
     */
    public Builder register(Class<?> workflowClass, Object... constructorArguments) {
      this.constructorArguments.put(Objects.requireNonNull(workflowClass, "workflowClass"), constructorArguments.clone());
      return this;
    }

    /**
     * The Jackson mapper for step results and workflow arguments; default: a mapper with the JDK 8,
     * java.time and parameter-names modules. Changing it changes how stored values are read.
     */
    public Builder objectMapper(ObjectMapper mapper) {
      this.objectMapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** The clock for timestamps, leases and {@link Durable#now()}; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The executor that runs {@link Durable#async} branches; default an unbounded pool of daemon
     * threads owned (and shut down) by the engine. A bounded executor can deadlock nested branches.
     */
    public Builder branchExecutor(ExecutorService executor) {
      this.branchExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The class loader used to find workflow classes and descriptors in recover(); default this thread's. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Allows the database file to hold another application's tables too. Without it, Durable refuses
     * a SQLite file that has tables of its own, so that it never writes into a database by mistake.
     */
    public Builder shareDatabaseWithApplication() {
      this.shareDatabase = true;
      return this;
    }

    /** Writes generated proxy classes to {@code directory} for debugging (also: {@code -Ddurable.dumpProxies=dir}). */
    public Builder dumpProxies(Path directory) {
      this.proxyDumpDirectory = directory;
      return this;
    }

    /**
     * Opens the database (checking it, creating or migrating its schema) and starts the engine.
     *
     * @throws DurableStoreException if the file is not a usable Durable database; it is left unchanged
     */
    public DurableEngine build() {
      ClassLoader loader = classLoader != null ? classLoader
          : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
          : DurableEngine.class.getClassLoader();
      Duration halfLease = leaseDuration.dividedBy(2);
      if (lockTimeout != null && lockTimeout.compareTo(halfLease) > 0) {
        throw new IllegalArgumentException("lockTimeout (" + lockTimeout.toMillis() + " ms) exceeds half the"
            + " leaseDuration (" + leaseDuration.toMillis() + " ms): a lease renewal waiting that long for another"
            + " process's lock would let the lease expire while this engine still runs its workflows, and another"
            + " engine would take them over. Fix: set leaseDuration to at least twice the lockTimeout, or lower"
            + " the lockTimeout.");
      }
      Duration effectiveLockTimeout = lockTimeout != null ? lockTimeout
          : halfLease.compareTo(DEFAULT_LOCK_TIMEOUT) < 0 ? halfLease : DEFAULT_LOCK_TIMEOUT;
      ProcessOwners owners = ProcessOwners.forThisProcess();
      SqliteWorkflowStore store = SqliteWorkflowStore.open(database, durability, effectiveLockTimeout, shareDatabase, owners);
      try {
        EngineConfig config = new EngineConfig(store, owners.newOwner(), owners, objectMapper != null ? objectMapper : JsonCodec.defaultMapper(),
            clock, leaseDuration, concurrentRuns, listeners, constructorArguments, branchExecutor, loader, proxyDumpDirectory);
        return new DurableEngine(new WorkflowEngineCore(config), store.location());
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
      }
      return d;
    }
  }
}
