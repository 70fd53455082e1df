package dev.durable.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durable.DurableEngine;
import dev.durable.DurableListener;
import dev.durable.StepInfo;
import dev.durable.StepStart;
import dev.durable.WorkflowCancelledException;
import dev.durable.WorkflowFailedException;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowTimeoutException;
import dev.durable.internal.BuilderAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Crashes a workflow at every step for you. It runs the scenario once uninterrupted and records
 * every write that commits a history entry (a step's outcome, a recorded value, an await, a child's
 * start, a sent event, the run's end). Then, for each of them, it runs the scenario again from
 * scratch and kills it there, once just before that commit (the step's body ran, its outcome is
 * lost) and once just after; resumes it on a fresh engine over the database the kill left; and
 * compares the result with the uninterrupted one, counting how many times each step body ran.
 *
 * <pre>{@code
 * CrashTester.of(() -> new CrashScenario() {
 *       final FakeHr hr = new FakeHr();
 *       public void configure(DurableEngine.Builder b) { b.register(Onboarding.class, hr); }
 *       public void start(DurableEngine e, String id) { e.start(Onboarding.class, id, w -> w.onboard(ada)); }
 *     })
 *     .crashAtEveryStep()
 *     .assertEveryCrashRecovers()
 *     .assertOnlyIdempotentStepsRepeat("createRecord");
 * }</pre>
 *
 * <p>The kill is simulated in this JVM: from the crash point on, the engine's store refuses every
 * call, so nothing more is committed; writes of other threads already inside the database finish
 * first, as they would when a process dies between their commit and the next; then the database
 * files are copied as they are, and a fresh engine resumes the copy (the killed engine's lease is
 * treated as expired, as for a dead process on this host). What this gives: every commit the kill
 * could fall between, each step body's side effects repeated exactly as a real kill would repeat
 * them, and the real SQLite store. What it does not: a kill in the middle of a commit (SQLite's
 * atomic commit and the torture tests cover that), and state outside the database and the fakes
 * (static fields, threads your code started) survives the "kill". Parallel branches are crashed at
 * every commit the uninterrupted run made, in whatever order the branches reach them.
 *
 * <p>Time is skipped (timers and event timeouts fire as soon as nothing can run) and retries have no
 * backoff. Every run starts at the same instant, so {@code Durable.now()} values match between runs.
 */
public final class CrashTester {
  static final String WORKFLOW_ID = "crash-test";
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  static final Duration POLL = Duration.ofMillis(20);

  private final Supplier<? extends CrashScenario> scenarios;
  /** The scenario's class, for the child-JVM mode; null in this JVM. */
  private final Class<? extends CrashScenario> childScenario;
  private final Duration patience;

  private CrashTester(Supplier<? extends CrashScenario> scenarios, Class<? extends CrashScenario> childScenario,
      Duration patience) {
    this.scenarios = scenarios;
    this.childScenario = childScenario;
    this.patience = patience;
  }

  /** A tester that makes a fresh scenario (fresh fakes) for every run with {@code scenarios}. */
  public static CrashTester of(Supplier<? extends CrashScenario> scenarios) {
    return new CrashTester(Objects.requireNonNull(scenarios, "scenarios"), null, Duration.ofSeconds(30));
  }

  /**
   * A tester that kills a real JVM: each crashed run goes in a child JVM on this class path, halted
   * with {@link Runtime#halt} at its crash point ({@link CrashChild}), and this JVM resumes it over
   * the database the halt left, with a fresh scenario. Slower (a JVM per crash point), and faithful
   * where the in-process kill is not: static state, threads and caches of the workflow's code die
   * with the process, and the files are exactly as a dead process leaves them. The scenario's fakes
   * die too, so their state cannot carry into the resumed run: what must survive a crash belongs in
   * files or a database. {@code scenarioClass} needs a public no-argument constructor.
   */
  public static CrashTester inChildJvm(Class<? extends CrashScenario> scenarioClass) {
    Objects.requireNonNull(scenarioClass, "scenarioClass");
    instantiate(scenarioClass);
    return new CrashTester(() -> instantiate(scenarioClass), scenarioClass, Duration.ofSeconds(30));
  }

  /** How long one run may take in real time before the test fails; default 30 s. */
  public CrashTester patience(Duration patience) {
    return new CrashTester(scenarios, childScenario, Objects.requireNonNull(patience, "patience"));
  }

  /** A new scenario of {@code type}, by its public no-argument constructor. */
  static CrashScenario instantiate(Class<? extends CrashScenario> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("CrashTester.inChildJvm(" + type.getName() + "): the child JVM makes the"
          + " scenario by its public no-argument constructor, and " + type.getSimpleName() + " has none that works ("
          + e + "). Fix: make it a public top-level or static nested class with a public no-argument constructor.", e);
    }
  }

  /**
   * Runs the scenario uninterrupted, then killed at every crash point before and after the commit,
   * and returns what happened; assert on it with the report's methods.
   */
  public CrashReport crashAtEveryStep() {
    Run reference = run(scenarios.get(), null);
    List<CrashOutcome> outcomes = new ArrayList<>();
    for (CrashPoint passed : reference.passed) {
      for (CrashPoint.Moment moment : CrashPoint.Moment.values()) {
        CrashPoint point = new CrashPoint(passed.workflowId(), passed.position(), passed.name(), moment);
        Run crashed = run(scenarios.get(), point);
        outcomes.add(new CrashOutcome(point, crashed.reached, crashed.result, crashed.result.equals(reference.result),
            Map.copyOf(crashed.executions), crashed.history));
      }
    }
    return new CrashReport(reference.result, reference.executions, reference.history, outcomes);
  }

  /** One run of the scenario, killed at {@code target} (null: never) and then resumed. */
  private static final class Run {
    boolean reached;
    String result;
    List<String> history = List.of();
    List<CrashPoint> passed = List.of();
    final Map<String, Integer> executions = new ConcurrentHashMap<>();
  }

  private Run run(CrashScenario scenario, CrashPoint target) {
    if (childScenario != null && target != null) {
      return runInChild(scenario, target);
    }
    Run run = new Run();
    Path dir = createTempDirectory();
    try {
      TestClock clock = new TestClock(START);
      Path killed = dir.resolve("killed");
      Path resumed = dir.resolve("resumed");
      Files.createDirectories(killed);
      Files.createDirectories(resumed);
      CrashingStore[] store = new CrashingStore[1];
      DurableEngine.Builder builder = builder(scenario, killed.resolve("run.db"), clock, run);
      BuilderAccess.decorateStore(builder,
          s -> store[0] = new CrashingStore(s, target, () -> snapshot(killed, resumed)));
      DurableEngine first = builder.build();
      boolean finished = false;
      try {
        scenario.start(first, WORKFLOW_ID);
        store[0].arm();
        WorkflowHandle<JsonNode> handle = first.handle(WORKFLOW_ID, JsonNode.class);
        if (target == null) {
          run.result = result(first, clock, handle);
          run.history = history(first);
          run.passed = store[0].passed();
          return run;
        }
        finished = awaitCrashOrEnd(first, clock, handle, store[0]);
      } catch (SimulatedCrash expected) {
        // The kill came while this thread was asking the engine about the run.
      } finally {
        closeKilled(first);
      }
      run.reached = store[0].isDead();
      if (!run.reached) {
        if (!finished) {
          throw new AssertionError("The run neither finished nor reached " + target + " within " + patience.toSeconds()
              + " s of real time.");
        }
        run.result = "(not killed)";
        return run;
      }
      try (DurableEngine second = builder(scenario, resumed.resolve("run.db"), clock, run).build()) {
        run.result = result(second, clock, second.handle(WORKFLOW_ID, JsonNode.class));
        run.history = history(second);
      }
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * A run killed in a child JVM ({@link CrashChild}), then resumed here, on the files it left, by a
   * fresh engine with {@code scenario} (a new one: the child's fakes died with it).
   */
  private Run runInChild(CrashScenario scenario, CrashPoint target) {
    Run run = new Run();
    Path dir = createTempDirectory();
    try {
      Path db = dir.resolve("run.db");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
          childScenario.getName(), db.toString(), target.workflowId(), target.position(), target.moment().name());
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> output = new ArrayList<>();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          output.add(line);
          int step = line.indexOf("#STEP ");
          if (step >= 0) {
            run.executions.merge(line.substring(step + "#STEP ".length()), 1, Integer::sum);
          }
        }
      }
      if (!child.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        child.destroyForcibly();
        throw new AssertionError("The child JVM crashing at " + target + " did not end within "
            + patience.toSeconds() + " s; its output:\n" + String.join("\n", output));
      }
      // Standard error shares the stream, so a protocol line may follow other text on its line.
      run.reached = output.stream().anyMatch(line -> line.contains("#CRASHED")) && child.exitValue() == CrashChild.HALTED;
      if (!run.reached) {
        if (output.stream().noneMatch(line -> line.contains("#FINISHED"))) {
          throw new AssertionError("The child JVM crashing at " + target + " ended with " + child.exitValue()
              + " without reaching it or finishing; its output:\n" + String.join("\n", output));
        }
        run.result = "(not killed)";
        return run;
      }
      // The halted engine's owner is a dead process on this host: the new engine takes its runs at once.
      TestClock clock = new TestClock(START);
      try (DurableEngine resumed = builder(scenario, db, clock, run).build()) {
        run.result = result(resumed, clock, resumed.handle(WORKFLOW_ID, JsonNode.class));
        run.history = history(resumed);
      }
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while the child JVM ran", e);
    } finally {
      deleteRecursively(dir);
    }
  }

  private DurableEngine.Builder builder(CrashScenario scenario, Path db, TestClock clock, Run run) {
    DurableEngine.Builder builder = DurableEngine.builder(db);
    scenario.configure(builder);
    return builder.clock(clock).pollInterval(POLL).withoutRetryBackoff().listener(new DurableListener() {
      @Override
      public void onStepStart(StepStart start) {
        run.executions.merge(start.stepName(), 1, Integer::sum);
      }
    });
  }

  /** True if the run finished before the store died; false once it has died. */
  private boolean awaitCrashOrEnd(DurableEngine engine, TestClock clock, WorkflowHandle<JsonNode> handle,
      CrashingStore store) throws IOException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (store.isDead()) {
        return false;
      }
      try {
        handle.result(POLL);
        return true;
      } catch (WorkflowFailedException | WorkflowCancelledException ended) {
        return true;
      } catch (WorkflowTimeoutException notYet) {
        if (!store.isDead()) {
          TimeSkipper.skip(engine, clock);
        }
      } catch (SimulatedCrash dead) {
        return false;
      }
    }
    return false;
  }

  private String result(DurableEngine engine, TestClock clock, WorkflowHandle<JsonNode> handle) {
    try {
      return String.valueOf(TimeSkipper.result(engine, clock, handle, POLL, patience));
    } catch (WorkflowFailedException e) {
      return "FAILED: " + (e.getCause() != null ? e.getCause() : e);
    } catch (WorkflowCancelledException e) {
      return "CANCELLED";
    }
  }

  private static List<String> history(DurableEngine engine) {
    return engine.inspect(WORKFLOW_ID).map(info -> info.steps().stream().map(StepInfo::toString).toList())
        .orElse(List.of());
  }

  /** Closes the killed engine: what it writes now goes to files the snapshot has left behind. */
  private static void closeKilled(DurableEngine engine) {
    try {
      engine.close();
    } catch (SimulatedCrash expected) {
      // Its store is dead; closing is the JVM's exit that a kill never gets to.
    }
  }

  /**
   * Copies the database files as the kill leaves them, and marks the killed engine's runs as taken
   * over by nobody: on this host a dead owner is seen at once, which the copy's new path would hide.
   */
  private static void snapshot(Path killed, Path resumed) {
    try (Stream<Path> files = Files.list(killed)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.equals("run.db") || name.equals("run.db-wal")) {
          Files.copy(f, resumed.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy the killed run's database from " + killed, e);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + resumed.resolve("run.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE durable_workflows SET lease_expires_at = 0 WHERE status = 'RUNNING'");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not open the killed run's database copy in " + resumed, e);
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("durable-crash-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete the crash test's directory " + dir, e);
    }
  }
}
