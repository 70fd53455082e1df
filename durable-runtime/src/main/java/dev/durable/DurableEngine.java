package dev.durable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durable.internal.BuilderAccess;
import dev.durable.internal.EngineConfig;
import dev.durable.internal.HistoryFormat;
import dev.durable.internal.JsonCodec;
import dev.durable.internal.ProcessOwners;
import dev.durable.internal.WorkflowEngineCore;
import dev.durable.internal.store.StoreSettings;
import dev.durable.internal.store.Stores;
import dev.durable.internal.store.WorkflowStore;
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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Runs workflows durably on a SQLite file or, with {@code durable-postgres}, on a PostgreSQL
 * database that many processes on many hosts share. Open one per database and process, share it between
 * threads, close it on shutdown. Every engine that is not {@linkplain Builder#clientOnly() client-only}
 * is also a worker: it carries on runs that were started, that sleep until now, or whose engine died.
 *
 * <pre>{@code
 * try (DurableEngine engine = DurableEngine.builder(Path.of("onboarding.db"))
 *     .register(OnboardingWorkflow.class, hrService, itService, mailer)
 *     .build()) {
 *   OnboardingWorkflow onboarding = engine.workflow(OnboardingWorkflow.class, "onboard-" + hire.id());
 *   OnboardingResult result = onboarding.onboard(hire); // runs, resumes, or returns the recorded result
 *   WorkflowHandle<OnboardingResult> later =            // or: recorded now, run by a worker
 *       engine.start(OnboardingWorkflow.class, "onboard-" + next.id(), w -> w.onboard(next));
 * }
 * }</pre>
 *
 * <p>Engines are independent: two engines in one JVM (on the same or different files) share nothing
 * but the file, and coordinate through it exactly as two processes would.
 */
public final class DurableEngine implements AutoCloseable {
  static {
    BuilderAccess.install((builder, decorator) -> builder.storeDecorator = decorator);
  }

  private final WorkflowEngineCore core;
  private final String location;

  private DurableEngine(WorkflowEngineCore core, String location) {
    this.core = core;
    this.location = location;
  }

  /** Opens (creating if missing) a SQLite database with the default settings. */
  public static DurableEngine open(Path sqliteFile) {
    return builder(sqliteFile).build();
  }

  /** A builder for an engine on the SQLite database {@code sqliteFile} (created if missing). */
  public static Builder builder(Path sqliteFile) {
    Objects.requireNonNull(sqliteFile, "sqliteFile");
    return new Builder("jdbc:sqlite:" + sqliteFile.toAbsolutePath(), null);
  }

  /**
   * Opens an engine on the database a JDBC URL names, with the default settings: {@code
   * jdbc:sqlite:PATH}, or {@code jdbc:postgresql://HOST/DATABASE?user=U&password=P} with {@code
   * durable-postgres} on the class path. Durable's tables are created on first use.
   */
  public static DurableEngine open(String jdbcUrl) {
    return builder(jdbcUrl).build();
  }

  /** A builder for an engine on the database a JDBC URL names (see {@link #open(String)}). */
  public static Builder builder(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("'" + Stores.redact(jdbcUrl) + "' is not a JDBC URL. Fix: give"
          + " jdbc:sqlite:PATH, jdbc:postgresql://HOST:PORT/DATABASE, or DurableEngine.builder(Path) for a file.");
    }
    return new Builder(jdbcUrl, null);
  }

  /**
   * A builder for an engine on the application's own connection pool; its database must be one that
   * a Durable store on the class path supports (PostgreSQL with {@code durable-postgres}).
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * A proxy of {@code workflowClass} bound to {@code workflowId}. Calling its {@code @WorkflowMethod}
   * starts (or attaches to) the run and waits for its result: the first call starts it on the calling
   * thread; a call after a crash or a failure resumes it, replaying completed steps; a call after it
   * completed returns the recorded result and runs nothing. If the workflow sleeps ({@link
   * Durable#sleep}), the call keeps waiting while a worker resumes the run when it is due. Classes
   * with constructor parameters must be {@linkplain Builder#register registered}.
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
   * Starts a run without waiting for it: {@code call} invokes the workflow method on the proxy it is
   * given ({@code w -> w.onboard(hire)}), which only records the call. The run (class, method,
   * arguments) is committed durably before this returns; then a worker runs it: this engine's at
   * once, or any engine on the database if this one cannot or is client-only. Starting an id that
   * exists returns a handle to that run, as long as it was started with the same call.
   *
   * <pre>{@code
   * WorkflowHandle<Welcome> run = engine.start(Onboarding.class, "onboard-" + hire.id(), w -> w.onboard(hire));
   * }</pre>
   *
   * @throws WorkflowArgumentsMismatchException if the id was started with another method or arguments
   * @throws WorkflowDefinitionException if no worker could construct the class (no accessible no-argument
   *     constructor, and none registered)
   * @throws IllegalArgumentException if {@code call} invokes no workflow method, or more than one
   */
  public <T, R> WorkflowHandle<R> start(Class<T> workflowClass, String workflowId, Function<T, R> call) {
    Objects.requireNonNull(workflowClass, "workflowClass");
    Objects.requireNonNull(call, "call");
    return core.lifecycle().start(workflowClass, workflowId, call);
  }

  /**
   * As {@link #start}, for a {@code void} workflow method ({@code w -> w.remind(hire)}). A separate
   * name, because an overload taking a {@code Consumer} would make {@code w -> w.run()} ambiguous.
   */
  public <T> WorkflowHandle<Void> startVoid(Class<T> workflowClass, String workflowId, Consumer<T> call) {
    Objects.requireNonNull(workflowClass, "workflowClass");
    Objects.requireNonNull(call, "call");
    return core.lifecycle().start(workflowClass, workflowId, w -> {
      call.accept(w);
      return null;
    });
  }

  /**
   * A handle to a run started anywhere (this engine, another one, another process), reading its
   * result as {@code resultType}.
   *
   * @throws WorkflowDefinitionException if there is no run with that id
   */
  public <R> WorkflowHandle<R> handle(String workflowId, Class<R> resultType) {
    Objects.requireNonNull(resultType, "resultType");
    return core.lifecycle().handle(workflowId, resultType);
  }

  /**
   * As {@link #handle(String, Class)} for a generic result type, for example {@code
   * new TypeReference<List<Order>>() {}.getType()} or a {@code ParameterizedType}.
   */
  public <R> WorkflowHandle<R> handle(String workflowId, java.lang.reflect.Type resultType) {
    Objects.requireNonNull(resultType, "resultType");
    return core.lifecycle().handle(workflowId, resultType);
  }

  /**
   * Asks for a run to be cancelled; the request is committed durably before this returns. The run
   * stops at its next step or sleep with a {@link WorkflowCancelledException}, which its code may
   * catch to run compensating steps (a step body already running finishes first); it ends {@link
   * WorkflowStatus#CANCELLED} if the exception propagates. A sleeping run is woken for it. Works for
   * runs in any engine or process on the database (within the worker's poll interval).
   *
   * @return false if the run had already finished: nothing was changed
   * @throws WorkflowDefinitionException if there is no run with that id
   */
  public boolean cancel(String workflowId) {
    return core.lifecycle().cancel(workflowId);
  }

  /**
   * Starts a {@link WorkflowStatus#FAILED} or {@link WorkflowStatus#CANCELLED} run again from where
   * it stopped, by id alone, from its stored class, method and arguments: its recorded steps replay,
   * and the failed steps that ended it run again with a fresh retry budget. A run held because its
   * code changed ({@link ChangedCodePolicy}) goes on with the new code. Any other run that has not
   * finished is left to go on; a completed one stays completed. The result is read as JSON values
   * if this engine cannot load the workflow's class.
   *
   * @throws WorkflowDefinitionException if there is no such run, or if a cancelled run's code ran
   *     compensating steps after its cancellation (it could not replay)
   */
  public WorkflowHandle<Object> resume(String workflowId) {
    return core.lifecycle().resume(workflowId);
  }

  /**
   * Sends event {@code name} to the run {@code workflowId}, for its {@link Durable#awaitEvent(String,
   * Class) Durable.awaitEvent(name, ...)}: the event is committed durably before this returns, from
   * any engine sharing the database, client-only ones included. Events of one name are returned in
   * the order they were sent, each by exactly one await; one sent before the run awaits it waits for
   * it. A run this engine's worker can run is woken at once; elsewhere, a worker sees it within its
   * poll interval.
   *
   * @param payload any value Jackson can write; the await reads it as the type it asks for
   * @throws WorkflowDefinitionException if there is no run with that id, or it has completed (see
   *     {@link #sendEventWithStart} for a sender that may come before the start)
   * @throws StepSerializationException if Jackson cannot write the payload (nothing is stored)
   * @throws IllegalArgumentException if the name is blank or longer than 200 characters
   */
  public void sendEvent(String workflowId, String name, Object payload) {
    core.lifecycle().sendEvent(workflowId, name, payload);
  }

  /**
   * Starts the run as {@link #start} does, unless a run with that id exists, and sends it the event,
   * in one transaction: for a webhook that may arrive before (or instead of) the code that starts
   * the workflow.
   *
   * <pre>{@code
   * engine.sendEventWithStart(Payment.class, "order-" + id, w -> w.collect(order), "paid", receipt);
   * }</pre>
   *
   * @throws WorkflowArgumentsMismatchException if the id was started with another method or arguments
   * @throws WorkflowDefinitionException if the run with that id has completed
   */
  public <T, R> WorkflowHandle<R> sendEventWithStart(Class<T> workflowClass, String workflowId, Function<T, R> call,
      String name, Object payload) {
    Objects.requireNonNull(workflowClass, "workflowClass");
    Objects.requireNonNull(call, "call");
    return core.lifecycle().sendEventWithStart(workflowClass, workflowId, call, name, payload);
  }

  /** The stored runs the query selects, newest first. */
  public List<WorkflowSummary> list(WorkflowQuery query) {
    Objects.requireNonNull(query, "query");
    return core.lifecycle().list(query);
  }

  /**
   * Resumes every unfinished run in the database now and reports: interrupted ones, started ones
   * nobody runs, and sleeping ones whose time has come (one whose time has not come is reported
   * {@link RecoveryReport.Outcome#WAITING}). Only runs whose class this engine can find and
   * construct: registered classes, classes it has proxied, classes described by the processor's
   * descriptors, or classes loadable by name with a no-argument constructor. Runs them in parallel
   * and waits for them. An application does not need this at startup: every engine's worker takes
   * such runs on its own.
   */
  public RecoveryReport recover() {
    return core.recover();
  }

  /**
   * Starts a new run, {@code newWorkflowId}, that takes over {@code workflowId}'s call and the part of
   * its history before top-level position {@code fromPosition}, and runs the current code from there
   * (as DBOS's {@code forkWorkflow}). The way out for a run stranded by a code change that does not
   * replay: its own history is kept as it is, for the audit trail, while the fork replays the steps
   * before {@code fromPosition} from it and executes the rest. Positions are those {@link #inspect}
   * and {@code durable history} show; the steps of a branch started before {@code fromPosition} are
   * copied with it. A worker runs the fork, as for {@link #start}.
   *
   * @param fromPosition the first top-level position to run again; 1 runs the whole workflow again
   * @throws IllegalArgumentException if {@code newWorkflowId} exists or {@code fromPosition} is below 1
   * @throws WorkflowDefinitionException if nothing is stored for {@code workflowId}
   */
  public WorkflowHandle<Object> fork(String workflowId, String newWorkflowId, int fromPosition) {
    return core.lifecycle().fork(workflowId, newWorkflowId, fromPosition);
  }

  /**
   * Everything stored for {@code workflowId} as one JSON document, the {@code durable-history} format
   * that {@code durable history ID --json} prints: for bug reports, and for the replay tests of
   * {@code durable-testing}, which check stored histories against changed code.
   *
   * @return empty if nothing is stored for that id
   */
  public Optional<String> exportHistory(String workflowId) {
    return inspect(workflowId).map(run -> HistoryFormat.write(run).toPrettyString());
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

  /** The database: a SQLite file's absolute path, or a server's JDBC URL without its password. */
  public String location() {
    return location;
  }

  /** Stops lease renewal and branch threads and closes the database. Running workflows should have returned. */
  @Override
  public void close() {
    core.close();
  }

  /** Configures a {@link DurableEngine}; every setting has a default. */
  public static final class Builder {
    /**
     * The lock timeout Durable always had: two processes opening and creating one file at once under
     * load have been seen waiting longer than 7.5 s for each other (a kill -9 torture child failed so).
     */
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
    private final String jdbcUrl;
    private final DataSource dataSource;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Durability durability = Durability.SURVIVES_POWER_LOSS;
    /** Null: half the lease, at most {@link #DEFAULT_LOCK_TIMEOUT}. */
    private Duration lockTimeout;
    private Duration leaseDuration = Duration.ofSeconds(60);
    private ConcurrentRunPolicy concurrentRuns = ConcurrentRunPolicy.WAIT;
    private Duration pollInterval = Duration.ofSeconds(1);
    private int workerThreads = 64;
    private boolean clientOnly;
    private final List<DurableListener> listeners = new ArrayList<>();
    private final Map<Class<?>, Object[]> constructorArguments = new LinkedHashMap<>();
    private ObjectMapper objectMapper;
    private Clock clock = Clock.systemUTC();
    private ExecutorService branchExecutor;
    private ClassLoader classLoader;
    private boolean shareDatabase;
    private Path proxyDumpDirectory;
    private boolean retryBackoff = true;
    private ChangedCodePolicy changedCode = ChangedCodePolicy.WARN;
    /** Set through {@link BuilderAccess} by this project's testing kit only. */
    private UnaryOperator<WorkflowStore> storeDecorator = UnaryOperator.identity();

    private Builder(String jdbcUrl, DataSource dataSource) {
      this.jdbcUrl = jdbcUrl;
      this.dataSource = dataSource;
      String dump = System.getProperty("durable.dumpProxies");
      this.proxyDumpDirectory = dump == null || dump.isBlank() ? null : Path.of(dump);
    }

    /** The database user, for a server (overrides the URL's {@code user} parameter). */
    public Builder user(String user) {
      properties.put("user", Objects.requireNonNull(user, "user"));
      return this;
    }

    /** The database password, for a server (overrides the URL's {@code password} parameter). */
    public Builder password(String password) {
      properties.put("password", Objects.requireNonNull(password, "password"));
      return this;
    }

    /**
     * The schema that holds Durable's tables on a server; default {@code durable}. Created on first
     * use if the user may; the application's own tables may live beside it in the same database.
     */
    public Builder schema(String schema) {
      properties.put("schema", Objects.requireNonNull(schema, "schema"));
      return this;
    }

    /**
     * How many connections Durable's pool keeps to a database server at most; default 10. A SQLite
     * file has no pool and ignores it. Each engine has its own pool; a worker with many threads
     * running steps at once may want more, the server's {@code max_connections} fewer.
     */
    public Builder poolSize(int connections) {
      if (connections < 1 || connections > 1_000) {
        throw new IllegalArgumentException("poolSize must be between 1 and 1000, got " + connections);
      }
      properties.put("poolSize", Integer.toString(connections));
      return this;
    }

    /**
     * What a completed step survives; default {@link Durability#SURVIVES_POWER_LOSS}. On PostgreSQL
     * the default leaves {@code synchronous_commit} and {@code fsync} as the server sets them, and
     * {@link Durability#SURVIVES_PROCESS_CRASH} turns {@code synchronous_commit} off for Durable's
     * transactions.
     */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * How long a write waits for another process's lock before failing; default half the
     * lease duration, at most 30 s. It must not exceed half the lease duration: a lease renewal that
     * waited longer for the lock could let the lease expire under a live engine, and another engine
     * would then take its workflows over while it runs them.
     */
    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = positive(lockTimeout, "lockTimeout");
      return this;
    }

    /**
     * How long another engine on another host waits before taking over a workflow whose owner
     * stopped renewing it; default 60 s (twice the default lock timeout). Renewed every third of it
     * while the owner lives, however long its steps run. On the same Linux host and in the same pid
     * namespace a dead owner is detected at once; elsewhere (another host, another container's pid
     * namespace, other operating systems) only the lease tells.
     */
    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = positive(leaseDuration, "leaseDuration");
      return this;
    }

    /**
     * How often the worker looks in the database for runs that other processes left ready (started,
     * due, orphaned) and for cancellations; default 1 s. Timers this engine set itself fire at their
     * time whatever the interval.
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * How many runs this engine's worker executes at once, at most; default 64. Only runs that are
     * executing count: a sleeping run holds no thread. Calls through a workflow's proxy run on the
     * caller's thread and do not count. 0: no worker; the engine runs only the calls made through its
     * proxies, and leaves runs that nobody holds (started, sleeping, orphaned) to other engines.
     */
    public Builder workerThreads(int workerThreads) {
      if (workerThreads < 0 || workerThreads > 10_000) {
        throw new IllegalArgumentException("workerThreads must be between 0 and 10000, got " + workerThreads);
      }
      this.workerThreads = workerThreads;
      return this;
    }

    /**
     * An engine that starts, lists, cancels and waits for runs, but runs none: no worker, no threads
     * of its own. For command lines and web front ends that share the database with workers.
     */
    public Builder clientOnly() {
      this.clientOnly = true;
      return this;
    }

    /**
     * What this engine does with a run whose workflow code changed since it last ran; default {@link
     * ChangedCodePolicy#WARN}: resume it, with a warning.
     */
    public Builder onChangedCode(ChangedCodePolicy policy) {
      this.changedCode = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** What a call does while the same workflow id runs elsewhere; default {@link ConcurrentRunPolicy#WAIT}. */
    public Builder concurrentRuns(ConcurrentRunPolicy policy) {
      this.concurrentRuns = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds a listener for step, workflow and warning events (see {@link DurableListener}). */
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
     * Allows the database to hold another application's tables too. Without it, Durable refuses a
     * SQLite file that has tables of its own, so that it never writes into a database by mistake. A
     * server's Durable tables live in a schema of their own, so sharing its database is always allowed.
     */
    public Builder shareDatabaseWithApplication() {
      this.shareDatabase = true;
      return this;
    }

    /**
     * Retries a failed step at once instead of after its backoff ({@code DurableStep.initialBackoffMillis}
     * and the rest). For tests, whose fakes fail on purpose: their retries then take no time. Keep the
     * backoffs in production, where they give a failing service time to recover.
     */
    public Builder withoutRetryBackoff() {
      this.retryBackoff = false;
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
      WorkflowStore store = storeDecorator.apply(Stores.open(new StoreSettings(jdbcUrl, dataSource, properties,
          durability, effectiveLockTimeout, leaseDuration, shareDatabase, owners), loader));
      try {
        EngineConfig config = new EngineConfig(store, owners.newOwner(), owners, objectMapper != null ? objectMapper : JsonCodec.defaultMapper(),
            clock, leaseDuration, concurrentRuns, listeners, constructorArguments, branchExecutor, loader, proxyDumpDirectory,
            pollInterval, workerThreads, clientOnly, retryBackoff, changedCode);
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
