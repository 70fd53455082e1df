package dev.durable.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableEngine;
import dev.durable.IncompatibleSchemaException;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Durable's schema on PostgreSQL: created on first use, versioned, beside the application's tables. */
class PostgresSchemaTest {
  private final EmbeddedServer server = EmbeddedServer.get();
  private String database;
  private String url;

  @BeforeEach
  void newDatabase() {
    database = server.newDatabase();
    url = server.url(database);
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
  void theSchemaIsCreatedOnFirstUse_andASecondOpenFindsItCurrent() {
    try (DurableEngine engine = DurableEngine.open(url)) {
      assertThat(engine.workflow(Echo.class, "e-1").echo("hi")).isEqualTo("hi");
    }
    assertThat(versions("durable")).containsExactly(PostgresSchema.CURRENT_VERSION);
    assertThat(query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'durable'"))
        .containsExactlyInAnyOrder("durable_schema", "durable_workflows", "durable_steps", "durable_events");
    try (DurableEngine engine = DurableEngine.open(url)) {
      assertThat(engine.inspect("e-1").orElseThrow().status()).isEqualTo(WorkflowStatus.COMPLETED);
    }
    assertThat(versions("durable")).containsExactly(PostgresSchema.CURRENT_VERSION);
  }

  @Test
  void aSchemaWrittenByANewerDurableIsRefused_andLeftUnchanged() {
    DurableEngine.open(url).close();
    server.sql(database, "UPDATE durable.durable_schema SET version = 99");
    assertThatThrownBy(() -> DurableEngine.open(url))
        .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
          assertThat(e.foundVersion()).isEqualTo(99);
          assertThat(e.supportedVersion()).isEqualTo(PostgresSchema.CURRENT_VERSION);
          assertThat(e.location()).contains(database);
        })
        .hasMessageContaining("version 99")
        .hasMessageContaining(database)
        .hasMessageContaining("Fix: upgrade");
    assertThat(versions("durable")).containsExactly(99);
  }

  @Test
  void theApplicationsOwnTablesInPublic_evenOnesNamedLikeDurables_areLeftAlone() {
    server.sql(database, "CREATE TABLE public.orders (id INT PRIMARY KEY)", "INSERT INTO public.orders VALUES (7)",
        "CREATE TABLE public.durable_workflows (note TEXT)", "INSERT INTO public.durable_workflows VALUES ('mine')");
    try (DurableEngine engine = DurableEngine.open(url)) {
      assertThat(engine.workflow(Echo.class, "e-2").echo("ok")).isEqualTo("ok");
    }
    assertThat(query("SELECT note FROM public.durable_workflows")).containsExactly("mine");
    assertThat(query("SELECT id::text FROM public.orders")).containsExactly("7");
  }

  @Test
  void twoEnginesOpeningAnEmptyDatabaseAtOnceBothSucceed() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<DurableEngine>> opened = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        opened.add(threads.submit(() -> {
          go.await();
          return DurableEngine.open(url);
        }));
      }
      go.countDown();
      List<DurableEngine> engines = new ArrayList<>();
      try {
        for (Future<DurableEngine> f : opened) {
          engines.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(engines.get(0).workflow(Echo.class, "e-3").echo("one")).isEqualTo("one");
        assertThat(engines.get(1).inspect("e-3")).isPresent();
      } finally {
        engines.forEach(DurableEngine::close);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(versions("durable")).containsExactly(PostgresSchema.CURRENT_VERSION);
  }

  @Test
  void aSchemaNameThatIsNoPlainIdentifierIsRefusedWithTheFix() {
    assertThatThrownBy(() -> DurableEngine.builder(url).schema("Durable; DROP TABLE x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Fix: give DurableEngine.builder(...).schema(...)");
  }

  private List<Integer> versions(String schema) {
    return query("SELECT version::text FROM " + schema + ".durable_schema").stream().map(Integer::valueOf).toList();
  }

  private List<String> query(String sql) {
    try (Connection c = server.dataSource(database).getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
