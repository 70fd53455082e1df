package dev.durable.cli;

import static dev.durable.cli.TestDatabase.durable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.DurableEngine;
import dev.durable.cli.TestDatabase.Run;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --db} with a {@code jdbc:postgresql://} URL: the command reads and acts on runs stored in
 * PostgreSQL as on a SQLite file, refuses a database without Durable's schema without creating it,
 * and never prints the URL's password.
 */
class CliPostgresTest {
  private static EmbeddedPostgres server;
  private static String url;

  @BeforeAll
  static void startServer() throws IOException {
    server = EmbeddedPostgres.builder().start();
    url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres&password=s3cret";
    try (DurableEngine engine = DurableEngine.builder(url).schema("shop").workerThreads(0).build()) {
      engine.workflow(Workflows.Greeting.class, "greet-pg").greet("ada");
    }
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  @Test
  void listAndShow_readRunsStoredInPostgres() {
    Run list = durable("--db", url, "--schema", "shop", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains("greet-pg", "COMPLETED");

    Run show = durable("--db", url, "--schema", "shop", "show", "greet-pg");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out()).contains("Status       COMPLETED");
  }

  @Test
  void aDatabaseWithoutDurablesSchema_isRefused_andNoSchemaIsCreated() throws Exception {
    Run run = durable("--db", url, "--schema", "nothing_here", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("No Durable tables in schema 'nothing_here'", "password=***")
        .doesNotContain("s3cret");
    try (Connection c = server.getPostgresDatabase().getConnection();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'nothing_here'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void anUnknownRun_isNamedWithTheUrlWithoutItsPassword() {
    Run run = durable("--db", url, "--schema", "shop", "show", "nobody");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("No workflow 'nobody' in jdbc:postgresql://localhost:")
        .contains("--schema shop").doesNotContain("s3cret");
  }
}
