package dev.durable.testing;

import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives each test its own engine, on a fresh temporary database, with a
 * {@link TestClock} and without retry backoffs: a workflow that sleeps three days, or whose fake
 * service fails twice before it answers, is tested in milliseconds. The engine is closed and its
 * database deleted after the test.
 *
 * <p>Time moves in two ways. {@link #result} skips time: while the test waits for a run's result
 * and nothing can run (every unfinished run waits for a timer or an event), it moves the clock to
 * the earliest timer, as Temporal's test environment does. And the test moves it itself with
 * {@code clock().advance(...)}, to check what a run does before a timer fires.
 *
 * <pre>{@code
 * @RegisterExtension
 * final DurableExtension durable = DurableExtension.configure(b -> b.register(Onboarding.class, fakes));
 *
 * @Test
 * void remindsAfterThreeDays() {
 *   WorkflowHandle<Result> run = durable.engine().start(Onboarding.class, "o-1", w -> w.onboard(hire));
 *   assertThat(durable.result(run).reminderSent()).isTrue(); // the three days are skipped
 * }
 * }</pre>
 */
public final class DurableExtension implements BeforeEachCallback, AfterEachCallback {
  /** How often the test engine's worker looks for due runs: how soon a moved clock takes effect. */
  static final Duration POLL = Duration.ofMillis(20);

  /** How long {@link #result} and the waits wait in real time. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final Consumer<DurableEngine.Builder> configuration;
  private final boolean retryBackoff;
  /** A PostgreSQL database to test on, or null for a temporary SQLite file. */
  private final String postgresUrl;
  private String schema;
  private Path directory;
  private TestClock clock;
  private DurableEngine engine;

  private DurableExtension(Consumer<DurableEngine.Builder> configuration, boolean retryBackoff, String postgresUrl) {
    this.configuration = configuration;
    this.retryBackoff = retryBackoff;
    this.postgresUrl = postgresUrl;
  }

  /** An extension whose engines are built with the defaults (classes with no-argument constructors). */
  public static DurableExtension create() {
    return configure(builder -> { });
  }

  /**
   * An extension whose engines the test configures, for example to {@code register} workflow
   * classes with their (fake) dependencies. The database, clock and poll interval are the
   * extension's.
   */
  public static DurableExtension configure(Consumer<DurableEngine.Builder> configuration) {
    if (configuration == null) {
      throw new NullPointerException("DurableExtension.configure(configuration): configuration is null");
    }
    return new DurableExtension(configuration, false, null);
  }

  /**
   * This extension with the steps' retry backoffs kept, in real time: for a test of the backoffs
   * themselves. By default a failed step is retried at once.
   */
  public DurableExtension withRetryBackoff() {
    return new DurableExtension(configuration, true, postgresUrl);
  }

  /**
   * This extension on PostgreSQL instead of SQLite: each test's engine gets a fresh schema of its
   * own in the database {@code jdbcUrl} names (with a user that may create schemas), dropped after
   * the test. Needs {@code durable-postgres} on the test class path.
   */
  public DurableExtension onPostgres(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("DurableExtension.onPostgres(" + jdbcUrl + "): give a jdbc:postgresql:// URL"
          + " of a database where the test's user may create schemas.");
    }
    return new DurableExtension(configuration, retryBackoff, jdbcUrl);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    directory = Files.createTempDirectory("durable-test-");
    clock = new TestClock(Instant.now());
    DurableEngine.Builder builder;
    if (postgresUrl != null) {
      schema = "durable_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      builder = DurableEngine.builder(postgresUrl).schema(schema);
    } else {
      builder = DurableEngine.builder(directory.resolve("test.db"));
    }
    if (!retryBackoff) {
      builder.withoutRetryBackoff();
    }
    configuration.accept(builder);
    engine = builder.clock(clock).pollInterval(POLL).build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (engine != null) {
        engine.close();
      }
    } finally {
      engine = null;
      try {
        dropSchema();
      } finally {
        deleteRecursively(directory);
      }
    }
  }

  /** Drops the test's PostgreSQL schema, if it has one. */
  private void dropSchema() {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(postgresUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop the test's schema " + schema + " on " + Stores.redact(postgresUrl)
          + ": " + e.getMessage(), e);
    } finally {
      schema = null;
    }
  }

  /** This test's engine. */
  public DurableEngine engine() {
    if (engine == null) {
      throw new IllegalStateException("DurableExtension.engine() is called outside a test. Fix: register the"
          + " extension on an instance field with @RegisterExtension, and use the engine in @Test methods.");
    }
    return engine;
  }

  /** This test's clock, which the engine reads; it moves only when the test advances it. */
  public TestClock clock() {
    engine();
    return clock;
  }

  /**
   * The database file of this test's engine, for instance for the {@code durable} command.
   *
   * @throws IllegalStateException on PostgreSQL, which has no file: use {@code engine().location()}
   */
  public Path database() {
    if (postgresUrl != null) {
      throw new IllegalStateException("This test's engine is on PostgreSQL, whose database is no file. Fix: use"
          + " engine().location(), the URL without its password.");
    }
    return Path.of(engine().location());
  }

  /**
   * The run's result, waiting for it (10 s of real time at most) and skipping time meanwhile: whenever
   * no run can go on (every unfinished run of this engine is WAITING) and a timer is set, the clock
   * moves to the earliest timer, so that sleeps, retries that suspend, and event timeouts pass at
   * once. A run waiting for an event without a timeout stops the skipping only if nothing else
   * waits for a timer; send its event from another thread, or before calling this.
   *
   * @throws dev.durable.WorkflowFailedException if the run failed (as {@link WorkflowHandle#result})
   * @throws AssertionError if the run has not finished after 10 s of real time
   */
  public <R> R result(WorkflowHandle<R> run) {
    return TimeSkipper.result(engine(), clock, run, POLL, PATIENCE);
  }

  /**
   * Waits (10 s at most) until the run has {@code status}, for example WAITING before the clock is
   * moved. A run that is WAITING already counts at once: after moving the clock, wait for what the
   * run does when it wakes ({@link #awaitUntil}) before moving it again.
   */
  public void awaitStatus(WorkflowHandle<?> run, WorkflowStatus status) {
    awaitUntil(() -> run.status() == status, "workflow '" + run.workflowId() + "' to be " + status);
  }

  /** Waits (10 s at most) until {@code condition} holds, looking at it every few milliseconds. */
  public void awaitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Waited 10 s for " + what + ".");
      }
      try {
        Thread.sleep(POLL.toMillis() / 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + what, e);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(walk.toList());
      paths.sort(Comparator.reverseOrder());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete the test's database directory " + dir, e);
    }
  }
}
