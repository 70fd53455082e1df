package dev.durable.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableEngine;
import dev.durable.DurableStoreException;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a user sees when Durable cannot use the server: each failure a {@link DurableStoreException}
 * naming the URL without its password and saying the fix.
 */
class PostgresConnectionErrorsTest {
  private final EmbeddedServer server = EmbeddedServer.get();
  /** Roles are per server, not per database: unique names let the tests run again on a kept server. */
  private final String suffix = ProcessHandle.current().pid() + "_" + System.nanoTime();
  private String database;

  @BeforeEach
  void newDatabase() {
    database = server.newDatabase();
  }

  @DurableWorkflow
  public static class Echo {
    @WorkflowMethod
    public String echo(String text) {
      return say(text);
    }

    @DurableStep
    public String say(String text) {
      return text;
    }
  }

  @Test
  void aWrongPasswordInTheUrl_saysToCheckTheCredentials_andNeverShowsThePassword() {
    String role = "durable_app_" + suffix;
    server.sql(database, "CREATE ROLE " + role + " LOGIN PASSWORD 'right-secret-1'");
    String url = server.urlAs(database, role, "wrong-secret-1");
    assertThatThrownBy(() -> DurableEngine.open(url))
        .isInstanceOfSatisfying(DurableStoreException.class, e -> {
          assertThat(e.location()).contains("password=***").doesNotContain("wrong-secret-1");
          assertThat(e.getMessage()).contains("refused Durable's login as user '" + role + "'")
              .contains("Fix: check the user and password").contains("password=***")
              .doesNotContain("wrong-secret-1");
        });
  }

  @Test
  void aWrongPasswordGivenToTheBuilder_isNotInTheMessageEither() {
    String role = "durable_app_" + suffix;
    server.sql(database, "CREATE ROLE " + role + " LOGIN PASSWORD 'right-secret-2'");
    server.sql(database, "GRANT CREATE ON DATABASE " + database + " TO " + role);
    String url = server.urlAs(database, role, null);
    assertThatThrownBy(() -> DurableEngine.builder(url).password("wrong-secret-2").build())
        .isInstanceOf(DurableStoreException.class)
        .hasMessageContaining("Fix: check the user and password")
        .hasMessageNotContaining("wrong-secret-2");
    try (DurableEngine engine = DurableEngine.builder(url).password("right-secret-2").build()) {
      assertThat(engine.workflow(Echo.class, "e-1").echo("in")).as("the builder's password lets the user in").isEqualTo("in");
    }
  }

  @Test
  void aMissingDatabase_saysToCreateIt() {
    String url = server.url("no_such_db_" + suffix);
    assertThatThrownBy(() -> DurableEngine.open(url))
        .isInstanceOf(DurableStoreException.class)
        .hasMessageContaining("has no database 'no_such_db_" + suffix + "'")
        .hasMessageContaining("Fix: create it, as in CREATE DATABASE no_such_db_" + suffix);
  }

  @Test
  void anUnreachableServer_saysToCheckHostAndPort() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://localhost:" + closedPort + "/" + database
        + "?user=someone&password=secret-3&connectTimeout=2";
    assertThatThrownBy(() -> DurableEngine.open(url))
        .isInstanceOfSatisfying(DurableStoreException.class, e -> {
          assertThat(e.location()).isEqualTo("jdbc:postgresql://localhost:" + closedPort + "/" + database
              + "?user=someone&password=***&connectTimeout=2");
          assertThat(e.getMessage()).contains("cannot reach the PostgreSQL server at " + e.location())
              .contains("Fix: check the host and port").doesNotContain("secret-3");
        });
  }

  @Test
  void aUserWhoMayNotCreateTheSchema_isToldWhatToGrant_andWorksOnceItIsCreatedForIt() {
    String role = "durable_limited_" + suffix;
    // A database's CREATE privilege is not PUBLIC's by default; revoked anyway, in case a server grants it.
    server.sql(database, "CREATE ROLE " + role + " LOGIN PASSWORD 'limited-pw'",
        "REVOKE CREATE ON DATABASE " + database + " FROM PUBLIC");
    String url = server.urlAs(database, role, "limited-pw");
    assertThatThrownBy(() -> DurableEngine.open(url))
        .isInstanceOf(DurableStoreException.class)
        .hasMessageContaining("GRANT CREATE ON DATABASE " + database + " TO " + role)
        .hasMessageContaining("CREATE SCHEMA durable AUTHORIZATION " + role)
        .hasMessageNotContaining("limited-pw");

    server.sql(database, "CREATE SCHEMA durable AUTHORIZATION " + role);
    try (DurableEngine engine = DurableEngine.open(url)) {
      assertThat(engine.workflow(Echo.class, "e-2").echo("granted")).isEqualTo("granted");
    }
  }
}
