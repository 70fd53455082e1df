package dev.durable.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.Durability;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Started markers kept in per-engine files: what survives in a file, what a reader skips, and how
 * markers move into the database and files are cleaned up. Owners named {@code dead-*} count as gone.
 * (Killing a real JVM inside a step body, and resuming it, is covered by ChildJvmCrashTest.)
 */
class StartedMarkersTest {
  private static final OwnerLiveness DEAD_ARE_GONE = owner -> !owner.startsWith("dead-");

  @TempDir Path dir;

  /** Marker files in shared memory outlive the temporary directory; delete those of this test's databases. */
  @AfterEach
  void deleteSharedMemoryFiles() throws IOException {
    if (!Files.isDirectory(StartedStepFile.SHARED_MEMORY)) {
      return;
    }
    List<String> ours = List.of(dir.toAbsolutePath().toString(), dir.toRealPath().toString());
    try (Stream<Path> files = Files.list(StartedStepFile.SHARED_MEMORY)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith(StartedStepFile.SHARED_PREFIX)).toList()) {
        if (Files.isDirectory(p)) {
          // Made by the test where a marker file would go; its name holds a hash of one of our databases.
          try (Stream<Path> dbs = Files.list(dir)) {
            if (dbs.anyMatch(db -> p.getFileName().toString().startsWith(
                StartedStepFile.prefixFor(db, StartedStepFile.SHARED_MEMORY)))) {
              Files.delete(p);
            }
          }
          continue;
        }
        String database;
        try {
          database = StartedStepFile.read(p).database();
        } catch (IOException e) {
          continue; // another process's file, gone or unreadable meanwhile: not this test's to clean
        }
        if (database != null && ours.stream().anyMatch(database::startsWith)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static StepRecord started(String position, int attempt) {
    return new StepRecord(position, "step" + position, StepStatus.STARTED, attempt, null, 1000L + attempt, null);
  }

  private SqliteWorkflowStore open(Path db) {
    return SqliteWorkflowStore.open(db, Durability.SURVIVES_POWER_LOSS, Duration.ofSeconds(5), false, DEAD_ARE_GONE);
  }

  private static Claim claim(SqliteWorkflowStore store, String id, String owner) {
    return store.claim(new NewWorkflow(id, "Flow", "x.Flow", "run()", "[]", null), owner, 0, Long.MAX_VALUE, true);
  }

  @Test
  void fileKeepsTheLatestAttemptOfEachStartedStep_andForgetsClearedOnes() throws IOException {
    try (StartedStepFile file = StartedStepFile.create(dir.resolve("a.db"), "owner-1")) {
      // More than one segment of slots, so the file grows while in use.
      for (int i = 1; i <= 200; i++) {
        assertThat(file.mark("wf-" + (i % 3), started(Integer.toString(i), 1))).isTrue();
      }
      file.mark("wf-1", started("1", 2));
      for (int i = 101; i <= 200; i++) {
        file.clear("wf-" + (i % 3), Integer.toString(i));
      }
      StartedStepFile.Contents contents = StartedStepFile.read(file.path());
      assertThat(contents.owner()).isEqualTo("owner-1");
      assertThat(contents.markers()).hasSize(100);
      assertThat(contents.markers()).filteredOn(m -> m.step().position().equals("1"))
          .singleElement().satisfies(m -> {
            assertThat(m.workflowId()).isEqualTo("wf-1");
            assertThat(m.step().attempts()).isEqualTo(2);
            assertThat(m.step().name()).isEqualTo("step1");
          });
      assertThat(file.markers("wf-2")).extracting(StepRecord::position).allMatch(p -> Integer.parseInt(p) <= 100);
    }
  }

  @Test
  void aSlotTornByACrashMidWriteIsSkipped() throws IOException {
    Path path;
    try (StartedStepFile file = StartedStepFile.create(dir.resolve("a.db"), "owner-1")) {
      file.mark("wf", started("1", 1));
      file.mark("wf", started("2", 1));
      file.mark("wf", started("3", 1));
      path = file.path();
    }
    // Slot 2 (the second marker) begins at 2 KiB; damage a byte of its payload.
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {0x7f}), 2048 + 20);
    }
    assertThat(StartedStepFile.read(path).markers()).extracting(m -> m.step().position()).containsExactlyInAnyOrder("1", "3");
  }

  @Test
  void aMarkerTooLargeForASlotIsRefused_soTheCallerRecordsItInTheDatabase() throws IOException {
    try (StartedStepFile file = StartedStepFile.create(dir.resolve("a.db"), "owner-1")) {
      assertThat(file.mark("€".repeat(400), started("1", 1))).isFalse();
      assertThat(StartedStepFile.read(file.path()).markers()).isEmpty();
    }
    Path db = dir.resolve("long.db");
    String id = "€".repeat(400);
    try (SqliteWorkflowStore store = open(db)) {
      claim(store, id, "live-1");
      store.stepStarted(id, "live-1", started("1", 1));
      assertThat(store.history(id)).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(StepStatus.STARTED));
    }
  }

  @Test
  void aDeadEnginesMarkersBecomeStartedRowsWhenItsRunIsTakenOver_andItsFileIsDeleted() throws IOException {
    Path db = dir.resolve("takeover.db");
    SqliteWorkflowStore crashed = open(db);
    claim(crashed, "wf", "dead-1");
    claim(crashed, "other", "dead-1");
    crashed.stepFinished("wf", "dead-1", new StepRecord("1", "step1", StepStatus.COMPLETED, 1, "1", 1, 2L));
    crashed.stepStarted("wf", "dead-1", started("2", 1));
    crashed.stepStarted("other", "dead-1", started("1", 3));
    Path deadFile = StartedStepFile.pathFor(db.toAbsolutePath(), "dead-1");
    assertThat(deadFile).exists();
    assertThat(crashed.history("wf")).as("markers are not in the database while the engine runs").hasSize(1);

    try (SqliteWorkflowStore next = open(db)) {
      assertThat(next.startedSteps("wf", "dead-1")).extracting(StepRecord::position).containsExactly("2");
      assertThat(claim(next, "wf", "live-2").kind()).isEqualTo(Claim.Kind.RESUMED);
      assertThat(next.history("wf")).extracting(StepRecord::position, StepRecord::status, StepRecord::attempts)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("1", StepStatus.COMPLETED, 1),
              org.assertj.core.groups.Tuple.tuple("2", StepStatus.STARTED, 1));
      assertThat(deadFile).as("still needed for the dead engine's other run").exists();

      claim(next, "other", "live-2");
      assertThat(next.history("other")).singleElement().satisfies(s -> assertThat(s.attempts()).isEqualTo(3));
      assertThat(deadFile).as("the dead engine owns nothing any more").doesNotExist();
    } finally {
      // The "crashed" store's connections are still open; close them without its file's help.
      Files.deleteIfExists(deadFile);
      crashed.close();
    }
  }

  @Test
  void releasingARun_movesItsMarkersIntoTheDatabase_andClosingDeletesTheFile() {
    Path db = dir.resolve("release.db");
    Path file = StartedStepFile.pathFor(db.toAbsolutePath(), "live-1");
    try (SqliteWorkflowStore store = open(db)) {
      claim(store, "wf", "live-1");
      store.stepStarted("wf", "live-1", started("1", 1));
      assertThat(file).exists();
      store.release("wf", "live-1", 0, 0);
      assertThat(store.history("wf")).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(StepStatus.STARTED));
      assertThat(store.startedSteps("wf", "live-1")).isEmpty();
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void whenNoMarkerFileCanBeCreated_markersAreWrittenToTheDatabaseInstead() throws IOException {
    Path db = dir.resolve("fallback.db");
    // A directory where the engine's marker file would go makes creating the file fail.
    Files.createDirectories(StartedStepFile.pathFor(db.toAbsolutePath(), "live-1"));
    try (SqliteWorkflowStore store = open(db)) {
      claim(store, "wf", "live-1");
      store.stepStarted("wf", "live-1", started("1", 1));
      assertThat(store.history("wf")).singleElement().satisfies(s -> {
        assertThat(s.status()).isEqualTo(StepStatus.STARTED);
        assertThat(s.attempts()).isEqualTo(1);
      });
      store.stepFinished("wf", "live-1", new StepRecord("1", "step1", StepStatus.COMPLETED, 1, "7", 1, 2L));
      assertThat(store.history("wf")).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(StepStatus.COMPLETED));
    }
  }

  @Test
  void openingDeletesLeftoverFilesOfGoneEngines_keepingThoseStillNeeded() throws IOException {
    Path db = dir.resolve("sweep.db");
    try (SqliteWorkflowStore store = open(db)) {
      claim(store, "held", "dead-owns-a-run");
    }
    List<String> owners = List.of("dead-idle", "dead-owns-a-run", "live-elsewhere");
    for (String owner : owners) {
      try (StartedStepFile file = StartedStepFile.create(db.toAbsolutePath(), owner)) {
        file.mark("held", started("1", 1));
      }
    }
    try (SqliteWorkflowStore store = open(db)) {
      assertThat(StartedStepFile.pathFor(db.toAbsolutePath(), "dead-idle")).doesNotExist();
      assertThat(StartedStepFile.pathFor(db.toAbsolutePath(), "dead-owns-a-run")).exists();
      assertThat(StartedStepFile.pathFor(db.toAbsolutePath(), "live-elsewhere")).exists();
    }
  }

  @Test
  void markerFilesGoToSharedMemoryWhereThereIsOne_namedForTheDatabasesRealPath_elseBesideTheDatabase() throws IOException {
    Path db = dir.resolve("where.db");
    Files.createFile(db);
    Path noSharedMemory = dir.resolve("no-such-dir");
    assertThat(StartedStepFile.pathFor(db, "owner:1", noSharedMemory)).isEqualTo(dir.resolve("where.db-started-owner_1"));

    Path shared = Files.createDirectory(dir.resolve("shm"));
    Path file = StartedStepFile.pathFor(db, "owner:1", shared);
    assertThat(file.getParent()).isEqualTo(shared);
    assertThat(file.getFileName().toString()).startsWith("durable-where.db-").endsWith("-started-owner_1");
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), db);
    assertThat(StartedStepFile.pathFor(link, "owner:1", shared)).as("one database, one name, however it is reached").isEqualTo(file);
    Path other = Files.createDirectory(dir.resolve("elsewhere")).resolve("where.db");
    Files.createFile(other);
    assertThat(StartedStepFile.pathFor(other, "owner:1", shared)).as("another database of the same file name").isNotEqualTo(file);
  }

  @Test
  void aGoneEnginesFileInSharedMemoryIsDeleted_byAnyEngineOpening_onceItsDatabaseIsGone() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(StartedStepFile.SHARED_MEMORY) && Files.isWritable(StartedStepFile.SHARED_MEMORY),
        "needs " + StartedStepFile.SHARED_MEMORY);
    Path gone = dir.resolve("gone.db");
    Path kept = dir.resolve("kept.db");
    open(gone).close();
    open(kept).close();
    List<Path> files = new java.util.ArrayList<>();
    for (Path db : List.of(gone, kept)) {
      for (String owner : List.of("dead-1", "live-1")) {
        try (StartedStepFile file = StartedStepFile.create(db.toAbsolutePath(), owner)) {
          file.mark("wf", started("1", 1));
          files.add(file.path());
        }
      }
    }
    Files.delete(gone);
    try (SqliteWorkflowStore store = open(dir.resolve("third.db"))) {
      assertThat(files.get(0)).as("dead engine, database gone").doesNotExist();
      assertThat(files.get(1)).as("live engine, database gone: maybe still in use").exists();
      assertThat(files.get(2)).as("dead engine, database still there: its markers may be needed").exists();
      assertThat(files.get(3)).exists();
    }
  }

  @Test
  void aFileLeftWithoutItsHeader_isDeletedOnceItIsClearlyAbandoned() throws IOException {
    // A creator killed (or out of space in /dev/shm) between creating its file and writing the
    // header leaves a file that names no owner; it was skipped for ever.
    Path db = dir.resolve("headless.db");
    open(db).close();
    Path abandoned = StartedStepFile.pathFor(db.toAbsolutePath(), "dead-without-header");
    Path fresh = StartedStepFile.pathFor(db.toAbsolutePath(), "being-created-right-now");
    Files.write(abandoned, new byte[4096]);
    Files.write(fresh, new byte[4096]);
    Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(StartedStepFile.ABANDONED_WITHOUT_HEADER).minusSeconds(5)));
    try (SqliteWorkflowStore store = open(db)) {
      assertThat(abandoned).as("a minute old and still without a header").doesNotExist();
      assertThat(fresh).as("perhaps being created this instant").exists();
    }
    Files.delete(fresh);
  }
}
