package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.durable.DurableEngine;
import dev.durable.DurableStoreException;
import dev.durable.StepInfo;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Filesystems;
import dev.durable.testing.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database cannot be written: read-only, locked by another connection beyond the lock timeout,
 * or on a full disk. Each time: a clear error naming the file, and once the cause is gone the same
 * call resumes the workflow with no committed step lost or run again.
 */
class StoreFailureTest {
  @TempDir Path dir;

  /** Three steps; the hook runs inside each body after its side effect, to change the world mid-run. */
  @DurableWorkflow(name = "pipeline")
  public static class Pipeline {
    private final Ledger ledger;
    private final Consumer<String> hook;

    public Pipeline(Ledger ledger, Consumer<String> hook) {
      this.ledger = ledger;
      this.hook = hook;
    }

    @WorkflowMethod
    public String run(int payloadBytes) {
      return load(payloadBytes).length() + ":" + transform(payloadBytes).length() + ":" + store(payloadBytes).length();
    }

    @DurableStep
    public String load(int bytes) {
      return effect("load", bytes);
    }

    @DurableStep
    public String transform(int bytes) {
      return effect("transform", bytes);
    }

    @DurableStep
    public String store(int bytes) {
      return effect("store", bytes);
    }

    private String effect(String step, int bytes) {
      ledger.ran(step);
      hook.accept(step);
      return step.repeat(Math.max(1, bytes / step.length()));
    }
  }

  @ParameterizedTest(name = "read-only {0}")
  @ValueSource(strings = {"file", "directory"})
  void readOnlyDatabase_clearErrorNamingTheFile_resumesOnceWritable(String what) throws Exception {
    Path home = Files.createDirectories(dir.resolve("ro"));
    Path db = home.resolve("ro.db");
    Ledger ledger = new Ledger();
    boolean[] failTransform = {true};
    Consumer<String> hook = step -> {
      if (step.equals("transform") && failTransform[0]) {
        throw new IllegalStateException("transform service down");
      }
    };
    try (DurableEngine engine = DurableEngine.builder(db).register(Pipeline.class, ledger, hook).build()) {
      assertThatThrownBy(() -> engine.workflow(Pipeline.class, "ro").run(10)).hasMessage("transform service down");
    }
    Path readOnly = what.equals("file") ? db : home;
    assumeThat(Filesystems.makeReadOnly(readOnly)).as("no means to make a file read-only here").isTrue();
    try {
      assumeThat(Filesystems.probeUnwritable(what.equals("file") ? db : home.resolve("x")))
          .as("read-only %s still writable (filesystem ignores it)", what).isTrue();
      failTransform[0] = false;
      assertThatThrownBy(() -> {
        try (DurableEngine engine = DurableEngine.builder(db).register(Pipeline.class, ledger, hook).build()) {
          engine.workflow(Pipeline.class, "ro").run(10);
        }
      }).isInstanceOf(DurableStoreException.class)
          .hasMessageContaining(db.toString())
          .hasMessageContaining("read-only")
          .hasMessageContaining("Fix:");
    } finally {
      Filesystems.makeWritable(readOnly);
    }
    try (DurableEngine engine = DurableEngine.builder(db).register(Pipeline.class, ledger, hook).build()) {
      assertThat(engine.workflow(Pipeline.class, "ro").run(10)).isEqualTo("8:9:10");
    }
    assertThat(ledger.count("load")).as("committed before the read-only period, never run again").isEqualTo(1);
    assertThat(ledger.count("transform")).isEqualTo(2);
    assertThat(ledger.count("store")).isEqualTo(1);
  }

  @Test
  void databaseLockedByAnotherConnectionBeyondTheTimeout_clearError_resumesAfterRelease() throws Exception {
    Path db = dir.resolve("locked.db");
    Ledger ledger = new Ledger();
    Connection[] holder = new Connection[1];
    Consumer<String> hook = step -> {
      if (step.equals("transform") && holder[0] == null) {
        try {
          // Another connection (as another process would) takes the write lock while the step runs.
          holder[0] = DriverManager.getConnection("jdbc:sqlite:" + db);
          try (Statement s = holder[0].createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
          }
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    };
    try (DurableEngine engine = DurableEngine.builder(db).lockTimeout(Duration.ofMillis(300))
        .register(Pipeline.class, ledger, hook).build()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> engine.workflow(Pipeline.class, "locked").run(10))
          .isInstanceOf(DurableStoreException.class)
          .hasMessageContaining(db.toAbsolutePath().toString())
          .hasMessageContaining("stayed locked by another connection for longer than the lock timeout (300 ms)")
          .hasMessageContaining("every step committed before it is intact")
          .hasMessageContaining("Fix:");
      assertThat((System.nanoTime() - t0) / 1_000_000).as("waited about the lock timeout, not forever").isLessThan(10_000);

      holder[0].createStatement().execute("ROLLBACK");
      holder[0].close();
      assertThat(engine.workflow(Pipeline.class, "locked").run(10)).isEqualTo("8:9:10");
      assertThat(engine.inspect("locked").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
    }
    assertThat(ledger.count("load")).isEqualTo(1);
    assertThat(ledger.count("transform")).as("its commit was refused, so it ran again").isEqualTo(2);
    assertThat(ledger.count("store")).isEqualTo(1);
  }

  @Test
  void fullDisk_clearErrorNamingTheFile_resumesOnceSpaceIsBack() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("small-disk"));
    assumeThat(Filesystems.mountTmpfs(mount, "1m")).as("cannot mount a small tmpfs here (needs root)").isTrue();
    try {
      Path db = mount.resolve("full.db");
      List<String> committedBeforeFull = new ArrayList<>();
      Ledger ledger = new Ledger();
      try (DurableEngine engine = DurableEngine.builder(db).register(Pipeline.class, ledger, (Consumer<String>) s -> { }).build()) {
        // Each result is 400 KB: the 1 MB disk holds one or two of them (with the WAL), never three.
        assertThatThrownBy(() -> engine.workflow(Pipeline.class, "full").run(400_000))
            .isInstanceOf(DurableStoreException.class)
            .hasMessageContaining(db.toString())
            .hasMessageContaining("full")
            .hasMessageContaining("every step committed before it is intact")
            .hasMessageContaining("Fix: free disk space");
        List<String> committed = engine.inspect("full").orElseThrow().steps().stream()
            .filter(s -> s.status() == StepInfo.Status.COMPLETED).map(StepInfo::stepName).toList();
        assertThat(committed).as("steps committed before the disk filled").isNotEmpty().doesNotContain("store");
        committedBeforeFull.addAll(committed);

        Filesystems.resizeTmpfs(mount, "16m");
        assertThat(engine.workflow(Pipeline.class, "full").run(400_000)).isEqualTo("400000:399996:400000");
      }
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
        assertThat(s.executeQuery("PRAGMA integrity_check").getString(1)).isEqualTo("ok");
      }
      for (String step : List.of("load", "transform", "store")) {
        assertThat(ledger.count(step)).as("executions of %s", step)
            .isEqualTo(committedBeforeFull.contains(step) ? 1 : 2); // 2: its commit was refused, so it ran again
      }
    } finally {
      Filesystems.unmount(mount);
    }
  }
}
