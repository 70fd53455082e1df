package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine does with files that are not (yet, or any more) its own. */
class StoreFileTest {
  @TempDir Path dir;

  @Test
  void createsTheFileAndItsDirectoriesWithAVersionedSchemaInWalMode() throws Exception {
    Path db = dir.resolve("nested/dirs/new.db");
    try (DurableEngine engine = DurableEngine.open(db)) {
      assertThat(engine.location()).isEqualTo(db.toAbsolutePath().toString());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      assertThat(scalar(s, "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(scalar(s, "SELECT version FROM durable_schema")).isEqualTo("5");
      assertThat(scalar(s, "PRAGMA application_id")).isEqualTo(Integer.toString(0x44555242));
    }
  }

  @Test
  void aFileThatIsNotSqliteIsRefusedAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "these are my notes, not a database\n".repeat(20));
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> DurableEngine.open(file))
        .isInstanceOf(DurableStoreException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("is not a SQLite database").hasMessageContaining("Fix:");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void anotherApplicationsDatabaseIsRefusedUnlessSharingIsAskedFor() throws Exception {
    Path file = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("INSERT INTO customers (name) VALUES ('ada')");
    }
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> DurableEngine.open(file))
        .isInstanceOf(DurableStoreException.class)
        .hasMessageContaining("is a SQLite database of another application (tables customers")
        .hasMessageContaining("shareDatabaseWithApplication()");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);

    try (DurableEngine engine = DurableEngine.builder(file).shareDatabaseWithApplication().build()) {
      assertThat(engine.workflow(DurableHelpersTest.Stamps.class, "shared").run().workflowId()).isEqualTo("shared");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT name FROM customers")).isEqualTo("ada");
      assertThat(scalar(s, "PRAGMA application_id")).isEqualTo("0");
    }
  }

  @Test
  void aSchemaFromANewerVersionIsRefusedNamingBothVersions() throws Exception {
    Path file = dir.resolve("future.db");
    DurableEngine.open(file).close();
    Testing.sql(file, "UPDATE durable_schema SET version = 7");
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> DurableEngine.open(file))
        .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
          assertThat(e.foundVersion()).isEqualTo(7);
          assertThat(e.supportedVersion()).isEqualTo(5);
        })
        .hasMessageContaining("schema version 7").hasMessageContaining("up to 5").hasMessageContaining("upgrade Durable");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aVersionOneDatabaseIsMigratedInPlaceKeepingItsRuns() throws Exception {
    Path file = dir.resolve("v1.db");
    Files.copy(StoreFileTest.class.getResourceAsStream("/schema-v1.db"), file);
    try (DurableEngine engine = DurableEngine.open(file)) {
      WorkflowInfo info = engine.inspect("legacy-1").orElseThrow();
      assertThat(info.status()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(info.resultJson()).isEqualTo("\"done\"");
      assertThat(info.steps()).extracting(StepInfo::stepName).containsExactly("first");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT version FROM durable_schema")).isEqualTo("5");
      assertThat(scalar(s, "SELECT count(*) FROM pragma_table_info('durable_workflows') WHERE name = 'fingerprint'")).isEqualTo("1");
      assertThat(scalar(s, "SELECT count(*) FROM pragma_table_info('durable_workflows')"
          + " WHERE name IN ('parent_id', 'waiting_for')")).isEqualTo("2");
      assertThat(scalar(s, "SELECT count(*) FROM durable_events")).isEqualTo("0");
    }
  }

  @Test
  void aTruncatedDatabaseIsRefusedAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("big.db");
    try (DurableEngine engine = DurableEngine.open(file)) {
      for (int i = 0; i < 50; i++) {
        engine.workflow(DurableHelpersTest.Stamps.class, "w" + i).run();
      }
    }
    // Checkpointed and closed: the whole database is in the main file now.
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> DurableEngine.open(file))
        .isInstanceOf(DurableStoreException.class).hasMessageContaining("is truncated").hasMessageContaining(file.toString());
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  /**
   * The state a kill -9 during a checkpoint leaves: the checkpoint has copied page 1 (whose header
   * gives the grown size) but not yet the pages after it, and the write-ahead log still holds them
   * all. That is not truncation: SQLite finishes the checkpoint from the log, and nothing is lost.
   */
  @Test
  void aFileCutShortByAKilledCheckpointOpensFromItsLogWithNothingLost() throws Exception {
    Path file = dir.resolve("live.db");
    try (DurableEngine engine = DurableEngine.open(file)) {
      engine.workflow(DurableHelpersTest.Stamps.class, "before-growth").run();
    }
    Path crashed = Files.createDirectories(dir.resolve("crashed")).resolve("live.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint = 0");
      s.execute("CREATE TABLE filler (payload BLOB)");
      for (int i = 0; i < 100; i++) {
        s.execute("INSERT INTO filler VALUES (randomblob(8000))");
      }
      // Committed, all in the log, none in the file yet: what the disk holds just before a checkpoint.
      Files.copy(file, crashed);
      Files.copy(Path.of(file + "-wal"), Path.of(crashed + "-wal"));
      s.execute("PRAGMA wal_checkpoint(FULL)");
    }
    int pageSize = Short.toUnsignedInt(java.nio.ByteBuffer.wrap(Files.readAllBytes(file), 16, 2).getShort());
    byte[] grownFirstPage = Arrays.copyOf(Files.readAllBytes(file), pageSize);
    byte[] cutShort = Files.readAllBytes(crashed);
    System.arraycopy(grownFirstPage, 0, cutShort, 0, pageSize);
    Files.write(crashed, cutShort);
    assertThat(Files.size(crashed)).isLessThan(Files.size(file));

    try (DurableEngine engine = DurableEngine.open(crashed)) {
      assertThat(engine.inspect("before-growth").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(engine.workflow(DurableHelpersTest.Stamps.class, "after-recovery").run().workflowId()).isEqualTo("after-recovery");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + crashed); Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT count(*) FROM filler")).isEqualTo("100");
      assertThat(scalar(s, "PRAGMA integrity_check")).isEqualTo("ok");
    }
  }

  private static String scalar(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
