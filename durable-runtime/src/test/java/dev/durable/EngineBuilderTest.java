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
}
