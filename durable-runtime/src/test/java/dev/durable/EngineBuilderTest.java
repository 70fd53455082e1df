package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings that would break a guarantee are refused when the engine is built, with what to do. */
class EngineBuilderTest {
  @TempDir Path dir;

  @Test
  void aLockTimeoutLongerThanHalfTheLease_isRefused_beforeTheFileIsTouched() {
    Path db = dir.resolve("never.db");
    assertThatThrownBy(() -> DurableEngine.builder(db).leaseDuration(Duration.ofSeconds(15)).lockTimeout(Duration.ofSeconds(30)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lockTimeout (30000 ms) exceeds half the leaseDuration (15000 ms)")
        .hasMessageContaining("Fix:");
    assertThat(Files.exists(db)).isFalse();
  }

  @Test
  void aShortLeaseAlone_getsALockTimeoutThatFitsIt() {
    // The default lock timeout follows the lease, so a short lease on its own is a valid setting.
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("short.db")).leaseDuration(Duration.ofMillis(500)).build()) {
      assertThat(engine.workflow(DurableHelpersTest.Stamps.class, "s").run().workflowId()).isEqualTo("s");
    }
  }

  @Test
  void consistentSettings_areAccepted() {
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("ok.db")).leaseDuration(Duration.ofSeconds(60))
        .lockTimeout(Duration.ofSeconds(30)).build()) {
      assertThat(engine.location()).isEqualTo(dir.resolve("ok.db").toAbsolutePath().toString());
    }
  }

  @Test
  void aJdbcSqliteUrl_opensThatFile() {
    Path db = dir.resolve("by-url.db");
    try (DurableEngine engine = DurableEngine.open("jdbc:sqlite:" + db)) {
      assertThat(engine.workflow(DurableHelpersTest.Stamps.class, "u").run().workflowId()).isEqualTo("u");
      assertThat(engine.location()).isEqualTo(db.toAbsolutePath().toString());
    }
  }

  @Test
  void urlsWithoutAStoreHere_orWithoutAFile_areRefusedWithTheFix() {
    // durable-postgres is not on this module's class path.
    assertThatThrownBy(() -> DurableEngine.open("jdbc:postgresql://db.internal/app?user=app&password=s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add the dependency dev.durable:durable-postgres")
        .hasMessageContaining("password=***").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> DurableEngine.open("jdbc:mysql://db.internal/app"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQLite (jdbc:sqlite:)");
    assertThatThrownBy(() -> DurableEngine.open("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no database file");
    assertThatThrownBy(() -> DurableEngine.open("jdbc:sqlite:" + dir.resolve("x.db") + "?journal_mode=DELETE"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sets the connection's settings itself");
    assertThatThrownBy(() -> DurableEngine.open("orders.db"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a JDBC URL");
  }
}
