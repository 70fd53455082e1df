package dev.durable.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL server is stopped while a run is inside a step, and started again on the same data
 * directory and port: the engine reconnects, records the step's outcome once, and the run completes
 * with every step run once. A server of its own, not the shared test server.
 */
class ServerRestartTest {
  @TempDir Path dir;

  /** What the steps did, and a gate that holds the second step until the server is down. */
  static final class World {
    final List<String> ran = new CopyOnWriteArrayList<>();
    final CountDownLatch inSecondStep = new CountDownLatch(1);
    final CountDownLatch serverDown = new CountDownLatch(1);
  }

  @DurableWorkflow(name = "restart")
  public static class Transfer {
    private final World world;

    public Transfer(World world) {
      this.world = world;
    }

    @WorkflowMethod
    public String transfer(String id) {
      String debited = debit(id);
      String credited = credit(id);
      return notifyOwner(debited + "+" + credited);
    }

    @DurableStep
    public String debit(String id) {
      world.ran.add("debit");
      return "debited " + id;
    }

    @DurableStep
    public String credit(String id) {
      world.ran.add("credit");
      world.inSecondStep.countDown();
      try {
        if (!world.serverDown.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test did not stop the server");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return "credited " + id;
    }

    @DurableStep
    public String notifyOwner(String what) {
      world.ran.add("notify");
      return what;
    }
  }

  private static EmbeddedPostgres start(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  @Test
  void aServerStoppedDuringAStep_andStartedAgain_losesNothing_andRunsNoStepTwice() throws Exception {
    Path data = Files.createDirectories(dir.resolve("pgdata"));
    EmbeddedPostgres first = start(data, 0);
    int port = first.getPort();
    String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&connectTimeout=2";
    World world = new World();
    EmbeddedPostgres second = null;
    // A 60 s lease: the store retries a broken write for up to its lock timeout, half of it (30 s).
    try (DurableEngine engine = DurableEngine.builder(url).register(Transfer.class, world)
        .pollInterval(Duration.ofMillis(200)).build()) {
      WorkflowHandle<String> run = engine.start(Transfer.class, "t-1", t -> t.transfer("42"));
      assertThat(world.inSecondStep.await(30, TimeUnit.SECONDS)).isTrue();

      first.close();
      world.serverDown.countDown();
      // The step's outcome is being retried against a server that is down; bring it back.
      second = start(data, port);

      assertThat(run.result(Duration.ofSeconds(60))).isEqualTo("debited 42+credited 42");
      assertThat(world.ran).containsExactly("debit", "credit", "notify");
      assertThat(engine.inspect("t-1").orElseThrow().steps()).extracting(s -> s.stepName() + " " + s.status())
          .containsExactly("debit COMPLETED", "credit COMPLETED", "notifyOwner COMPLETED");
    } finally {
      if (second != null) {
        second.close();
      }
    }
  }
}
