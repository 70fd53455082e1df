package dev.durable.testing;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import dev.durable.DurableListener;
import dev.durable.NonDeterministicWorkflowException;
import dev.durable.RecoveryReport;
import dev.durable.StepEvent;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.sqlite.SqliteWorkflowStore;
import dev.durable.internal.HistoryFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Replays stored workflow histories against the current code, to find out before a deployment
 * whether runs in flight (or recorded in production) would still replay, as Temporal's
 * {@code WorkflowReplayer} does. Keep histories exported with {@code durable history ID --json} in
 * a folder, and run them in a unit test:
 *
 * <pre>{@code
 * WorkflowReplayer.of(OnboardingWorkflow.class, fakeServices)
 *     .assertReplays(Path.of("src/test/resources/histories"));
 * }</pre>
 *
 * <p>Each history is copied into a fresh temporary database and its run resumed there by the
 * current code: recorded steps replay without running their bodies; a position where the code now
 * does something else is reported as {@link ReplayResult.Status#DIVERGED}, naming it. Code after
 * the history's end (a run exported while it waited) runs for real against the constructor
 * arguments given here, so pass fakes, until it completes or waits again.
 */
public final class WorkflowReplayer {
  private static final String OWNER = "durable-testing-replayer";

  private final Class<?> workflowClass;
  private final Object[] constructorArguments;

  private WorkflowReplayer(Class<?> workflowClass, Object[] constructorArguments) {
    this.workflowClass = workflowClass;
    this.constructorArguments = constructorArguments.clone();
  }

  /**
   * A replayer for histories of {@code workflowClass}, built with {@code constructorArguments} (as
   * {@code DurableEngine.Builder.register} takes them; none for a no-argument constructor).
   */
  public static WorkflowReplayer of(Class<?> workflowClass, Object... constructorArguments) {
    if (workflowClass == null) {
      throw new NullPointerException("WorkflowReplayer.of(workflowClass, ...): workflowClass is null");
    }
    return new WorkflowReplayer(workflowClass, constructorArguments == null ? new Object[0] : constructorArguments);
  }

  /** Replays one exported history file. */
  public ReplayResult replay(Path historyFile) {
    try {
      return replay(Files.readString(historyFile, StandardCharsets.UTF_8), historyFile.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the history " + historyFile + ": " + e.getMessage(), e);
    }
  }

  /** Replays one exported history, given as its JSON text; {@code source} names it in messages. */
  public ReplayResult replay(String historyJson, String source) {
    HistoryFormat.History history = HistoryFormat.read(historyJson, source);
    Path dir;
    try {
      dir = Files.createTempDirectory("durable-replay-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory to replay " + source + " in", e);
    }
    try {
      Path db = dir.resolve("replay.db");
      load(history, db);
      return resume(history, db, source);
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * Replays a history file, or every {@code .json} file of a directory (recursively), and throws an
   * {@link AssertionError} listing every history the code does not replay.
   */
  public List<ReplayResult> assertReplays(Path historyFileOrDirectory) {
    List<Path> files;
    if (Files.isDirectory(historyFileOrDirectory)) {
      try (Stream<Path> walk = Files.walk(historyFileOrDirectory)) {
        files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list the histories in " + historyFileOrDirectory, e);
      }
      if (files.isEmpty()) {
        throw new AssertionError("No .json history in " + historyFileOrDirectory + ". Fix: export histories with"
            + " 'durable --db FILE history ID --json > " + historyFileOrDirectory + "/ID.json'.");
      }
    } else {
      files = List.of(historyFileOrDirectory);
    }
    List<ReplayResult> results = files.stream().map(this::replay).toList();
    List<ReplayResult> failed = results.stream().filter(r -> !r.replays()).toList();
    if (!failed.isEmpty()) {
      throw new AssertionError(failed.size() + " of " + results.size() + " histories do not replay with the current"
          + " code of " + workflowClass.getName() + ", so runs like them would stop:\n"
          + failed.stream().map(r -> "  " + r).collect(Collectors.joining("\n"))
          + "\nFix: keep the old behaviour for recorded runs with Durable.patched(\"change-id\") around the change,"
          + " or let those runs finish before deploying it.");
    }
    return results;
  }

  /** Copies the history into a fresh database: the run as given back PENDING, its steps and events. */
  private static void load(HistoryFormat.History history, Path db) {
    String id = history.call().workflowId();
    Map<String, StepRecord> byPosition = history.steps().stream()
        .collect(Collectors.toMap(StepRecord::position, Function.identity(), (a, b) -> b));
    try (SqliteWorkflowStore store = SqliteWorkflowStore.open(db, Durability.SURVIVES_PROCESS_CRASH,
        Duration.ofSeconds(10), false, owner -> false)) {
      long now = System.currentTimeMillis();
      store.claim(history.call(), OWNER, now, Long.MAX_VALUE, true);
      for (HistoryFormat.Event event : history.events()) {
        store.sendEvent(id, event.name(), event.payloadJson(), event.payloadType(), event.sentAt());
        StepRecord await = event.consumedAt() == null ? null : byPosition.get(event.consumedAt());
        if (await != null) {
          StoredEvent stored = store.nextEvent(id, event.name()).orElseThrow();
          store.consumeEvent(id, OWNER, stored.seq(), await);
        }
      }
      history.steps().stream().sorted(Comparator.comparing(StepRecord::position))
          .forEach(step -> store.stepFinished(id, OWNER, step));
      store.release(id, OWNER, 0, now);
    }
  }

  /** Resumes the run with the current code and reports how far the history replayed. */
  private ReplayResult resume(HistoryFormat.History history, Path db, String source) {
    String id = history.call().workflowId();
    AtomicInteger replayed = new AtomicInteger();
    DurableListener counter = new DurableListener() {
      @Override
      public void onStep(StepEvent event) {
        if (event.workflowId().equals(id) && (event.outcome() == StepEvent.Outcome.REPLAYED
            || event.outcome() == StepEvent.Outcome.REPLAYED_FAILURE)) {
          replayed.incrementAndGet();
        }
      }
    };
    int recorded = (int) history.steps().stream().filter(s -> !s.name().startsWith("Durable.")).count();
    try (DurableEngine engine = DurableEngine.builder(db).register(workflowClass, constructorArguments)
        .durability(Durability.SURVIVES_PROCESS_CRASH).workerThreads(0).listener(counter).build()) {
      RecoveryReport.Entry entry = engine.recover().entries().stream().filter(e -> e.workflowId().equals(id))
          .findFirst().orElseThrow(() -> new IllegalStateException("The replay of " + source + " resumed nothing."));
      ReplayResult.Status status = switch (entry.outcome()) {
        case COMPLETED, WAITING -> ReplayResult.Status.REPLAYED;
        case FAILED -> entry.detail() != null && entry.detail().startsWith(NonDeterministicWorkflowException.class.getName())
            ? ReplayResult.Status.DIVERGED : ReplayResult.Status.FAILED;
        case SKIPPED -> ReplayResult.Status.FAILED;
      };
      return new ReplayResult(id, source, status, replayed.get(), recorded,
          status == ReplayResult.Status.REPLAYED ? null : entry.detail());
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(walk.toList());
      paths.sort(Comparator.reverseOrder());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Only a temporary directory is left behind; the replay's result stands.
      System.getLogger(WorkflowReplayer.class.getName()).log(System.Logger.Level.WARNING,
          "Could not delete the replay's temporary directory " + dir + ": " + e);
    }
  }
}
