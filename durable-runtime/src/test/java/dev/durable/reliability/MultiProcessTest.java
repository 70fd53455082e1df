package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.WorkflowStatus;
import dev.durable.testing.CrashWorker;
import dev.durable.testing.FileLedger;
import dev.durable.testing.LiveChild;
import dev.durable.testing.RaceWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real JVMs on one SQLite file. Three long-lived child processes receive the same command
 * at the same moment, again and again; a ledger written by every step body (with the pid that ran
 * it) shows that exactly one process executed each step, while the others waited for the result
 * ({@code WAIT}) or were refused ({@code FAIL}). Then: a dead owner is taken over at once, and a live
 * owner whose step outlasts its lease is never taken over.
 */
class MultiProcessTest {
  static final int ROUNDS = 20;
  static final long ANSWER_MILLIS = 60_000;

  @TempDir static Path dir;
  static Path db;
  static final List<LiveChild> workers = new ArrayList<>();

  @BeforeAll
  static void startWorkers() throws InterruptedException {
    db = dir.resolve("shared.db");
    for (int i = 0; i < 3; i++) {
      workers.add(LiveChild.start(RaceWorker.class, db.toString(), dir.resolve("ledger-worker-" + i).toString()));
    }
    for (LiveChild w : workers) {
      w.await("#READY", ANSWER_MILLIS);
    }
  }

  @AfterAll
  static void stopWorkers() throws InterruptedException {
    for (LiveChild w : workers) {
      w.close();
    }
  }

  @Test
  void threeProcessesCallingTheSameIdWithWait_oneExecutesEachStep_allGetItsResult() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      String id = "wait-" + round;
      List<String> answers = broadcast("run WAIT 15000 " + id + " 40", "#RESULT", "#BUSY", "#ERROR");
      assertThat(answers).as("round %d", round).containsOnly("#RESULT " + id + " first@" + id + "+slow@" + id + "+last@" + id);
      assertEachStepRanOnce(id);
    }
  }

  @Test
  void threeProcessesCallingTheSameIdWithFail_oneExecutes_theOthersAreRefusedOrGetTheRecordedResult() throws Exception {
    int refused = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      String id = "fail-" + round;
      String result = "#RESULT " + id + " first@" + id + "+slow@" + id + "+last@" + id;
      List<String> answers = broadcast("run FAIL 15000 " + id + " 40", "#RESULT", "#BUSY", "#ERROR");
      assertThat(answers).as("round %d", round).contains(result).allMatch(a -> a.equals(result) || a.equals("#BUSY " + id));
      refused += (int) answers.stream().filter(a -> a.startsWith("#BUSY")).count();
      assertEachStepRanOnce(id);
    }
    // Three calls land within a few ms while a run takes 40+ ms, so most rounds must see a refusal;
    // if none ever did, the processes did not really race and this test would prove nothing.
    assertThat(refused).as("refused calls over %d rounds", ROUNDS).isGreaterThanOrEqualTo(ROUNDS);
  }

  @Test
  void threeProcessesRecoveringTheSameCrashedWorkflows_oneResumesEach() throws Exception {
    for (String policy : List.of("WAIT", "FAIL")) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String id = "recover-" + policy + "-" + i;
        ids.add(id);
        // A short-lived process that halts at the start of the slow step: 'first' is committed.
        try (LiveChild crash = LiveChild.start(RaceWorker.class, db.toString(), dir.resolve("ledger-crash-" + id).toString())) {
          crash.await("#READY", ANSWER_MILLIS);
          crash.send("crash " + id + " slow");
          assertThat(crash.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(crash.process().exitValue()).as("crash child output: %s", crash.output()).isEqualTo(CrashWorker.HALT_CODE);
        }
      }
      List<String> answers = broadcast("recover " + policy, "#RECOVERED", "#ERROR");
      for (String id : ids) {
        // Every process either resumed it, or saw another live process (or a worker) do so: none
        // reports a failure. (A worker of the crash children, or of these processes, may have
        // resumed it before recover() was asked to.)
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(id + "=FAILED"));
      }
      try (DurableEngine engine = DurableEngine.builder(db).clientOnly().build()) {
        for (String id : ids) {
          assertThat(engine.handle(id, String.class).result(java.time.Duration.ofSeconds(60)))
              .isEqualTo("first@" + id + "+slow@" + id + "+last@" + id);
        }
      }
      for (String id : ids) {
        assertEachStepRanOnce(id);
      }
      try (DurableEngine engine = DurableEngine.open(db)) {
        for (String id : ids) {
          assertThat(engine.inspect(id).orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
        }
      }
    }
  }

  @Test
  void aKilledOwnerIsTakenOverAtOnce_evenWithALongLease() throws Exception {
    String id = "takeover";
    try (LiveChild owner = LiveChild.start(RaceWorker.class, db.toString(), dir.resolve("ledger-owner").toString())) {
      owner.await("#READY", ANSWER_MILLIS);
      owner.send("run WAIT 60000 " + id + " 5000");
      owner.await("#IN_STEP " + id + " slow", ANSWER_MILLIS);
      owner.kill();
    }
    long t0 = System.nanoTime();
    LiveChild next = workers.get(0);
    next.send("run FAIL 60000 " + id + " 5000");
    String answer = next.awaitAny(ANSWER_MILLIS, "#RESULT", "#BUSY", "#ERROR");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(answer).isEqualTo("#RESULT " + id + " first@" + id + "+slow@" + id + "+last@" + id);
    // The lease is 60 s; the new process saw at once that the owner's pid is gone. 5 s of that is the step itself.
    assertThat(millis).as("takeover time").isLessThan(20_000);
    Map<String, Integer> counts = stepCounts(id);
    assertThat(counts).containsEntry("first", 1).containsEntry("last", 1);
    assertThat(counts.get("slow")).as("the step killed mid-body ran once more").isEqualTo(2);
  }

  @Test
  void aLiveOwnerWhoseStepOutlastsItsLeaseIsNeverTakenOver() throws Exception {
    String id = "long-step";
    LiveChild owner = workers.get(1);
    LiveChild other = workers.get(2);
    // Lease 1 s, slow step 3 s: only the owner's heartbeat keeps the workflow its own.
    owner.send("run WAIT 1000 " + id + " 3000");
    owner.await("#IN_STEP " + id + " slow", ANSWER_MILLIS);
    int refusals = 0;
    long until = System.nanoTime() + 2_500_000_000L;
    while (System.nanoTime() < until) {
      other.send("run FAIL 1000 " + id + " 3000");
      String answer = other.awaitAny(ANSWER_MILLIS, "#RESULT", "#BUSY", "#ERROR");
      if (answer.startsWith("#RESULT")) {
        break; // the owner finished; a later call gets its recorded result
      }
      assertThat(answer).isEqualTo("#BUSY " + id);
      refusals++;
      Thread.sleep(150);
    }
    assertThat(owner.awaitAny(ANSWER_MILLIS, "#RESULT", "#ERROR")).startsWith("#RESULT " + id);
    assertThat(refusals).as("calls refused while the owner's 3 s step ran past its 1 s lease").isGreaterThanOrEqualTo(5);
    assertEachStepRanOnce(id);
  }

  /** Sends {@code command} to all workers at once and collects one answer line from each. */
  private static List<String> broadcast(String command, String... answerPrefixes) throws InterruptedException {
    for (LiveChild w : workers) {
      w.send(command);
    }
    List<String> answers = new ArrayList<>();
    for (LiveChild w : workers) {
      answers.add(w.awaitAny(ANSWER_MILLIS, answerPrefixes));
    }
    return answers;
  }

  private static void assertEachStepRanOnce(String id) {
    assertThat(stepCounts(id)).as("executions per step of %s, across all processes: %s", id, ledgerLines(id))
        .isEqualTo(Map.of("first", 1, "slow", 1, "last", 1));
  }

  private static Map<String, Integer> stepCounts(String id) {
    Map<String, Integer> counts = new HashMap<>();
    for (String line : ledgerLines(id)) {
      counts.merge(line.split(" ")[1], 1, Integer::sum);
    }
    return counts;
  }

  private static List<String> ledgerLines(String id) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("ledger-"))
          .flatMap(f -> new FileLedger(f).lines().stream())
          .filter(l -> l.startsWith(id + " "))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
