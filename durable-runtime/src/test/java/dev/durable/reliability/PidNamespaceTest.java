package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.durable.testing.FileLedger;
import dev.durable.testing.LiveChild;
import dev.durable.testing.RaceWorker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines on one host name whose processes live in different pid namespaces (containers of one
 * pod, host networking) cannot see each other's pids. The owner running a workflow is pid 1 in its
 * own namespace; the other engine once looked up pid 1 in its own view, found a different process
 * and took the live owner's workflow over, so the same step ran in both (issue 20 A). Now a pid from
 * another namespace is never judged: the owner's lease decides.
 */
class PidNamespaceTest {
  private static final List<String> NEW_PID_NAMESPACE = List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child");

  @TempDir Path dir;

  @Test
  void anOwnerInAnotherPidNamespace_isNeverTakenOverWhileItLives() throws Exception {
    assumeTrue(canUnshare(), "needs 'unshare --pid' (root, or user namespaces), which this machine refuses");
    Path db = dir.resolve("shared.db");
    String id = "namespaced";
    try (LiveChild owner = LiveChild.start(NEW_PID_NAMESPACE, RaceWorker.class, db.toString(), dir.resolve("ledger-owner").toString());
        LiveChild other = LiveChild.start(RaceWorker.class, db.toString(), dir.resolve("ledger-other").toString())) {
      assertThat(owner.await("#READY", 60_000)).as("the owner is pid 1 of its namespace").isEqualTo("#READY 1");
      other.await("#READY", 60_000);
      // A 60 s lease and an 8 s step: only a wrong liveness verdict could let the other engine in.
      owner.send("run WAIT 60000 " + id + " 8000");
      owner.await("#IN_STEP " + id + " slow", 60_000);
      other.send("run FAIL 60000 " + id + " 8000");
      assertThat(other.awaitAny(60_000, "#RESULT", "#BUSY", "#ERROR")).isEqualTo("#BUSY " + id);
      assertThat(owner.awaitAny(60_000, "#RESULT", "#ERROR")).startsWith("#RESULT " + id);
    }
    assertThat(new FileLedger(dir.resolve("ledger-other")).lines()).as("steps the other engine ran").isEmpty();
    assertThat(new FileLedger(dir.resolve("ledger-owner")).lines()).hasSize(3);
  }

  private static boolean canUnshare() throws InterruptedException {
    try {
      List<String> command = new java.util.ArrayList<>(NEW_PID_NAMESPACE);
      command.add("true");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
