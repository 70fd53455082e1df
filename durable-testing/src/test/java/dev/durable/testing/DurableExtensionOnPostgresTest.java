package dev.durable.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.WorkflowHandle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DurableExtension#onPostgres}: a fresh schema per test on a real PostgreSQL, dropped after it. */
class DurableExtensionOnPostgresTest {
  private static final EmbeddedPostgres SERVER = start();

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void everySchemaWasDropped_thenStop() throws Exception {
    try (Connection c = SERVER.getPostgresDatabase().getConnection();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'durable_test_%'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("test schemas left behind").isZero();
    } finally {
      SERVER.close();
    }
  }

  final TimeSkippingTest.Outbox outbox = new TimeSkippingTest.Outbox();

  @RegisterExtension
  final DurableExtension durable = DurableExtension
      .configure(b -> b.register(TimeSkippingTest.Renewal.class, outbox))
      .onPostgres("jdbc:postgresql://localhost:" + SERVER.getPort() + "/postgres?user=postgres");

  @Test
  void aMonthIsSkippedOnPostgresToo() {
    Instant start = durable.clock().instant();
    WorkflowHandle<String> run = durable.engine().start(TimeSkippingTest.Renewal.class, "renew-pg", w -> w.renew("ada"));

    assertThat(durable.result(run)).isEqualTo("lapsed ada");
    assertThat(durable.clock().instant()).isEqualTo(start.plus(Duration.ofDays(37)));
    assertThat(durable.engine().location()).startsWith("jdbc:postgresql://localhost:");
    assertThatThrownBy(durable::database).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is on PostgreSQL");
  }

  @Test
  void eachTestHasItsOwnSchema() {
    assertThat(durable.engine().inspect("renew-pg")).as("the other test's run").isEmpty();
  }
}
