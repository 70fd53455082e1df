package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.testing.ChildJvm;
import dev.durable.testing.CrashWorker;
import dev.durable.testing.CrashWorkflow;
import dev.durable.testing.FileLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a real child JVM at every step boundary of a workflow with a first step, 8 parallel
 * branches, a loop and a last step: inside each step body after its side effect (before its
 * commit), and right after each commit. Then resumes in this JVM and checks the result equals an
 * uninterrupted run and that no committed step ran twice.
 */
class ChildJvmCrashTest {
  static String reference;

  @BeforeAll
  static void uninterruptedRun(@TempDir Path dir) {
    FileLedger ledger = new FileLedger(dir.resolve("ledger"));
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("ref.db")).register(CrashWorkflow.class, ledger, noHooks()).build()) {
      reference = engine.workflow(CrashWorkflow.class, "ref").run("acme");
    }
    assertThat(ledger.lines()).hasSize(CrashWorkflow.STEPS);
  }

  static CrashWorkflow.Hooks noHooks() {
    return n -> { };
  }

  static Stream<Arguments> killPoints() {
    return Stream.of("in-step", "after-commit")
        .flatMap(mode -> IntStream.rangeClosed(1, CrashWorkflow.STEPS).mapToObj(k -> Arguments.of(mode, k)));
  }

  @ParameterizedTest(name = "kill {0} #{1}")
  @MethodSource("killPoints")
  void resumeAfterKillEqualsUninterruptedRun(String mode, int k, @TempDir Path dir) throws Exception {
    Path db = dir.resolve("crash.db");
    FileLedger ledger = new FileLedger(dir.resolve("ledger"));
    ChildJvm.Exit exit = ChildJvm.run(CrashWorker.class, db.toString(), dir.resolve("ledger").toString(), "wf", mode, Integer.toString(k));
    assertThat(exit.code()).as("child output: %s", exit.output()).isEqualTo(CrashWorker.HALT_CODE);

    Set<String> committed = new HashSet<>();
    // Looked at by a client-only engine: a worker would take the orphaned run over at once.
    try (DurableEngine client = DurableEngine.builder(db).clientOnly().build()) {
      WorkflowInfo crashed = client.inspect("wf").orElseThrow();
      assertThat(crashed.status()).isEqualTo(WorkflowStatus.RUNNING);
      crashed.steps().stream().filter(s -> s.status() == StepInfo.Status.COMPLETED)
          .forEach(s -> committed.add(s.outputJson().replace("\"", "").replaceFirst("^finish:.*", "finish")));
      if (mode.equals("after-commit")) {
        assertThat(committed).as("steps committed before the kill").hasSizeGreaterThanOrEqualTo(k);
      } else {
        assertThat(crashed.steps()).as("the killed child's started markers, read from its marker file")
            .anyMatch(s -> s.status() == StepInfo.Status.STARTED && s.attempts() == 1);
      }
    }
    try (DurableEngine engine = DurableEngine.builder(db).register(CrashWorkflow.class, ledger, noHooks()).build()) {
      assertThat(engine.workflow(CrashWorkflow.class, "wf").run("acme")).isEqualTo(reference);
      WorkflowInfo resumed = engine.inspect("wf").orElseThrow();
      assertThat(resumed.status()).isEqualTo(WorkflowStatus.COMPLETED);
      if (mode.equals("in-step")) {
        assertThat(resumed.steps()).as("the step killed in its body is recorded as its second attempt")
            .anyMatch(s -> s.status() == StepInfo.Status.COMPLETED && s.attempts() == 2);
      }
    }
    assertThat(dev.durable.internal.store.sqlite.SqliteWorkflowStore.markerFiles(db))
        .as("the dead child's marker file is deleted once its run was taken over, this engine's on close")
        .isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("-started-"));
    }

    Map<String, Long> counts = ledger.counts();
    assertThat(counts).hasSize(CrashWorkflow.STEPS);
    counts.forEach((step, n) -> {
      if (committed.contains(step)) {
        assertThat(n).as("committed step %s ran again", step).isEqualTo(1);
      } else {
        assertThat(n).as("interrupted step %s ran at most once more", step).isBetween(1L, 2L);
      }
    });
    if (mode.equals("in-step")) {
      assertThat(counts.values()).as("the step killed inside its body ran again").contains(2L);
    }
  }
}
