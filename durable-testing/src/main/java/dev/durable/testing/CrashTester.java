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
import java.io.IOException;
import java.io.UncheckedIOException;
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
  private static final String WORKFLOW_ID = "crash-test";
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration POLL = Duration.ofMillis(20);

  private final Supplier<? extends CrashScenario> scenarios;
  private final Duration patience;

  private CrashTester(Supplier<? extends CrashScenario> scenarios, Duration patience) {
    this.scenarios = scenarios;
    this.patience = patience;
  }

  /** A tester that makes a fresh scenario (fresh fakes) for every run with {@code scenarios}. */
  public static CrashTester of(Supplier<? extends CrashScenario> scenarios) {
    return new CrashTester(Objects.requireNonNull(scenarios, "scenarios"), Duration.ofSeconds(30));
  }

  /** How long one run may take in real time before the test fails; default 30 s. */
  public CrashTester patience(Duration patience) {
    return new CrashTester(scenarios, Objects.requireNonNull(patience, "patience"));
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
        WorkflowHandle<JsonNode> handle = first.handle(WORKFLOW_ID, JsonNode.class);
        if (target == null) {
          run.result = result(first, clock, handle);
          run.history = history(first);
          run.passed = store[0].passed();
          return run;
        }
        finished = awaitCrashOrEnd(first, clock, handle, store[0]);
      } catch (SimulatedCrash expected) {
        // The kill came while the scenario was starting the run, on this thread.
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
