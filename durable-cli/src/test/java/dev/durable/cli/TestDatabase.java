package dev.durable.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableEngine;
import dev.durable.DurableListener;
import dev.durable.WorkflowEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Durable database made by running the real {@link Workflows} once per JVM, copied for each test
 * so that tests that change it (cancel, resume, delete) do not see each other. Runs, oldest first:
 * greet-ada (COMPLETED), pay-book (FAILED), remind-bob (WAITING on a sleep of an hour), fan-3
 * (COMPLETED, two parallel branches), started a minute apart from {@link #T0} on the engine's clock.
 */
final class TestDatabase {
  static final String COMPLETED = "greet-ada";
  static final String FAILED = "pay-book";
  static final String WAITING = "remind-bob";
  static final String BRANCHES = "fan-3";
  /** When the first run starts; the others start one, two and three minutes later. */
  static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  private static Path template;

  private TestDatabase() {}

  /** A fresh copy of the database in {@code dir}. */
  static synchronized Path copyInto(Path dir) throws IOException {
    if (template == null) {
      // One database per test JVM, not per test; under target/, where it can be looked at afterwards.
      Path db = Path.of("target", "cli-test-template", "runs.db");
      Files.createDirectories(db.getParent());
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
      }
      template = create(db);
    }
    Path copy = dir.resolve("runs.db");
    Files.copy(template, copy);
    return copy;
  }

  private static Path create(Path db) throws IOException {
    SetClock clock = new SetClock();
    CountDownLatch asleep = new CountDownLatch(1);
    DurableListener onSuspend = new DurableListener() {
      @Override
      public void onWorkflow(WorkflowEvent event) {
        if (event.workflowId().equals(WAITING) && event.kind() == WorkflowEvent.Kind.SUSPENDED) {
          asleep.countDown();
        }
      }
    };
    try (DurableEngine engine = DurableEngine.builder(db).clock(clock).listener(onSuspend).build()) {
      clock.set(T0);
      assertThat(engine.workflow(Workflows.Greeting.class, COMPLETED).greet("Ada")).isEqualTo("hello Ada / 3");
      clock.set(T0.plus(Duration.ofMinutes(1)));
      assertThatThrownBy(() -> engine.workflow(Workflows.Payment.class, FAILED).pay("book"))
          .isInstanceOf(IllegalStateException.class).hasMessage("card declined for reserved book");
      clock.set(T0.plus(Duration.ofMinutes(2)));
      engine.start(Workflows.Reminder.class, WAITING, w -> w.remind("Bob"));
      try {
        // The engine's clock stands still, so the hour's sleep never ends while the engine is open.
        assertThat(asleep.await(30, TimeUnit.SECONDS)).as("remind-bob reaches its sleep").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      clock.set(T0.plus(Duration.ofMinutes(3)));
      assertThat(engine.workflow(Workflows.Fanout.class, BRANCHES).fan(3)).isEqualTo(25);
    }
    assertThat(db.resolveSibling(db.getFileName() + "-wal")).doesNotExist();
    return db;
  }

  /** The engine's clock, set by the test: runs start a minute apart, and steps take no time. */
  private static final class SetClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** What one command printed and returned. */
  record Run(int exitCode, String out, String err) {}

  /** Runs the command in this JVM with {@code args}, capturing what it prints. */
  static Run durable(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = DurableCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
