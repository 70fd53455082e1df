package dev.durable.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.Durable;
import dev.durable.DurableEngine;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Histories recorded by one version of a workflow, exported with the real {@code durable history
 * --json} command, replayed against later versions of its code.
 */
class WorkflowReplayerTest {
  @TempDir static Path dir;
  static Path histories;

  /** Step bodies run by a replay (only code after a history's end runs). */
  static final List<String> RAN = new CopyOnWriteArrayList<>();

  /** 1: as recorded; 2: a fraud check added behind a patch; 3: the same check added without one. */
  @DurableWorkflow(name = "transfer")
  public static class Transfer {
    private final int version;

    public Transfer(int version) {
      this.version = version;
    }

    @WorkflowMethod
    public String move(String from, String to, int amount) {
      debit(from, amount);
      if (version == 2 && Durable.patched("fraud-check") || version == 3) {
        fraudCheck(from, amount);
      }
      String approval = Durable.awaitEvent("confirm", String.class);
      return credit(to, amount, approval);
    }

    @DurableStep
    public void debit(String account, int amount) {
      RAN.add("debit " + Durable.workflowId());
    }

    @DurableStep
    public void fraudCheck(String account, int amount) {
      RAN.add("fraudCheck " + Durable.workflowId());
    }

    @DurableStep
    public String credit(String account, int amount, String approval) {
      RAN.add("credit " + Durable.workflowId());
      return amount + " to " + account + " (" + approval + ")";
    }
  }

  /** Records a finished transfer and one waiting for its confirmation with version 1, and exports both. */
  @BeforeAll
  static void recordAndExport() throws Exception {
    Path db = dir.resolve("bank.db");
    try (DurableEngine engine = DurableEngine.builder(db).register(Transfer.class, 1)
        .pollInterval(Duration.ofMillis(50)).build()) {
      engine.start(Transfer.class, "done-1", w -> w.move("alice", "bob", 10));
      engine.sendEvent("done-1", "confirm", "ok-by-carol");
      assertThat(engine.handle("done-1", String.class).result(Duration.ofSeconds(30))).isEqualTo("10 to bob (ok-by-carol)");
      var waiting = engine.start(Transfer.class, "waiting-2", w -> w.move("alice", "dave", 20));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (waiting.status() != WorkflowStatus.WAITING) {
        assertThat(System.nanoTime()).as("waiting-2 reaches its await").isLessThan(deadline);
        Thread.onSpinWait();
      }
    }
    histories = Files.createDirectories(dir.resolve("histories"));
    export(db, "done-1");
    export(db, "waiting-2");
    RAN.clear();
  }

  /** {@code durable --db DB history ID --json > histories/ID.json}, with the jar the build made. */
  private static void export(Path db, String id) throws IOException, InterruptedException {
    Path jar = Path.of("..", "durable-cli", "target", "durable.jar").toAbsolutePath().normalize();
    assertThat(jar).as("the durable command's jar; build it first: ./mvnw -B package -pl durable-cli -am").exists();
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), "--db", db.toString(), "history", id, "--json")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] json = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("durable history %s", id).isZero();
    Files.write(histories.resolve(id + ".json"), json);
  }

  @BeforeEach
  void clear() {
    RAN.clear();
  }

  @Test
  void theRecordingCode_replaysItsHistories_runningOnlyWhatComesAfterTheirEnd() {
    List<ReplayResult> results = WorkflowReplayer.of(Transfer.class, 1).assertReplays(histories);

    assertThat(results).extracting(ReplayResult::status).containsOnly(ReplayResult.Status.REPLAYED);
    ReplayResult done = results.stream().filter(r -> r.workflowId().equals("done-1")).findFirst().orElseThrow();
    assertThat(done.replayedSteps()).isEqualTo(2).isEqualTo(done.recordedSteps());
    assertThat(RAN).as("the finished run's steps all replayed; the waiting one stopped at its await again")
        .isEmpty();
  }

  @Test
  void aChangeBehindAPatch_replays() {
    ReplayResult result = WorkflowReplayer.of(Transfer.class, 2).replay(histories.resolve("done-1.json"));

    assertThat(result.replays()).as(result.toString()).isTrue();
    assertThat(RAN).doesNotContain("fraudCheck done-1");
  }

  @Test
  void aChangeWithoutAPatch_divergesAtThePositionItChanged() {
    ReplayResult result = WorkflowReplayer.of(Transfer.class, 3).replay(histories.resolve("done-1.json"));

    assertThat(result.status()).isEqualTo(ReplayResult.Status.DIVERGED);
    assertThat(result.detail()).contains("position 2").contains("fraudCheck");
    assertThat(result.toString()).startsWith(histories.resolve("done-1.json") + " (workflow 'done-1'): DIVERGED");
    assertThatThrownBy(() -> WorkflowReplayer.of(Transfer.class, 3).assertReplays(histories))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 of 2 histories do not replay")
        .hasMessageContaining("done-1.json")
        .hasMessageContaining("Durable.patched");
    // The run that was waiting had not reached the change: it replays, and takes the new code from there.
    assertThat(RAN).contains("fraudCheck waiting-2");
  }

  @Test
  void aFileThatIsNotAHistory_isRefusedWithTheFix() throws IOException {
    Path notAHistory = Files.writeString(dir.resolve("other.json"), "{\"hello\": 1}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> WorkflowReplayer.of(Transfer.class, 1).replay(notAHistory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a Durable history")
        .hasMessageContaining("durable --db FILE history ID --json");
  }
}
