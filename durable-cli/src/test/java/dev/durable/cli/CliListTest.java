package dev.durable.cli;

import static dev.durable.cli.TestDatabase.BRANCHES;
import static dev.durable.cli.TestDatabase.COMPLETED;
import static dev.durable.cli.TestDatabase.FAILED;
import static dev.durable.cli.TestDatabase.WAITING;
import static dev.durable.cli.TestDatabase.durable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durable.cli.TestDatabase.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code durable list} against runs of real workflows. */
class CliListTest {
  @TempDir Path dir;
  private String db;

  @BeforeEach
  void copyDatabase() throws Exception {
    db = TestDatabase.copyInto(dir).toString();
  }

  @Test
  void list_showsRunsNewestFirstWithStatusesAndSteps() {
    Run run = durable("--db", db, "list");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).startsWith("ID").contains("NAME", "STATUS", "STEPS DONE", "STARTED", "UPDATED", "WAITING FOR");
    assertThat(lines.subList(1, lines.size())).satisfiesExactly(
        l -> assertThat(l).startsWith(BRANCHES).contains("Fanout", "COMPLETED"),
        l -> assertThat(l).startsWith(WAITING).contains("Reminder", "WAITING", "sleep at step 2 until 2026-03-01T10:02:00Z"),
        l -> assertThat(l).startsWith(FAILED).contains("Payment", "FAILED"),
        l -> assertThat(l).startsWith(COMPLETED).contains("Greeting", "COMPLETED"));
    assertThat(column(lines, COMPLETED, "STEPS DONE")).isEqualTo("2");
    assertThat(column(lines, FAILED, "STEPS DONE")).isEqualTo("1");
    assertThat(column(lines, BRANCHES, "STEPS DONE")).isEqualTo("2");
    assertThat(column(lines, COMPLETED, "STARTED")).isEqualTo("2026-03-01T09:00:00Z");
    assertThat(column(lines, BRANCHES, "STARTED")).isEqualTo("2026-03-01T09:03:00Z");
    assertThat(column(lines, COMPLETED, "WAITING FOR")).isEqualTo("-");
  }

  @Test
  void list_filtersByStatusCaseInsensitively() {
    Run run = durable("--db", db, "list", "--status", "failed");

    assertThat(run.exitCode()).isZero();
    assertThat(ids(run)).containsExactly(FAILED);
  }

  @Test
  void list_filtersByWorkflowNameAndLimits() {
    assertThat(ids(durable("--db", db, "list", "--workflow", "Reminder"))).containsExactly(WAITING);
    assertThat(ids(durable("--db", db, "list", "--limit", "2"))).containsExactly(BRANCHES, WAITING);
  }

  @Test
  void list_filtersBySinceAsDurationOrInstant() {
    assertThat(ids(durable("--db", db, "list", "--since", "2026-03-01T09:01:00Z"))).containsExactly(BRANCHES, WAITING, FAILED);
    assertThat(ids(durable("--db", db, "list", "--since", "100000d"))).hasSize(4);
    Run none = durable("--db", db, "list", "--since", "1h");
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).isEqualTo("No runs match these filters." + System.lineSeparator());
  }

  @Test
  void list_badSince_isAUsageError() {
    Run run = durable("--db", db, "list", "--since", "yesterday");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'yesterday' is neither an ISO-8601 instant", "Fix: see 'durable list --help'");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void list_limitOutOfRange_isAUsageError() {
    Run run = durable("--db", db, "list", "--limit", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--limit", "between 1 and 10000");
  }

  @Test
  void listJson_hasTheFieldsOfEveryRun() throws Exception {
    Run run = durable("--db", db, "list", "--json");

    assertThat(run.exitCode()).isZero();
    JsonNode rows = new ObjectMapper().readTree(run.out());
    assertThat(rows.isArray()).isTrue();
    assertThat(rows).extracting(r -> r.get("workflowId").asText()).containsExactly(BRANCHES, WAITING, FAILED, COMPLETED);
    JsonNode waiting = rows.get(1);
    assertThat(waiting.get("workflowName").asText()).isEqualTo("Reminder");
    assertThat(waiting.get("status").asText()).isEqualTo("WAITING");
    assertThat(waiting.get("stepsCompleted").asInt()).isEqualTo(2);
    assertThat(waiting.get("wakeAt").asText()).isEqualTo("2026-03-01T10:02:00Z");
    assertThat(waiting.get("waitingFor").asText()).isEqualTo("sleep at step 2");
    assertThat(waiting.get("cancelRequested").asBoolean()).isFalse();
    assertThat(waiting.get("createdAt").asText()).isEqualTo("2026-03-01T09:02:00Z");
    assertThat(rows.get(3).get("wakeAt").isNull()).isTrue();
  }

  private static List<String> ids(Run run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> ids = new ArrayList<>();
    run.out().lines().skip(1).filter(l -> !l.startsWith("No runs")).forEach(l -> ids.add(l.split(" ")[0]));
    return ids;
  }

  /** The cell of the table row starting with {@code id} under {@code header}, by the header's offset. */
  private static String column(List<String> lines, String id, String header) {
    int from = lines.get(0).indexOf(header);
    String row = lines.stream().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow();
    return row.substring(from).split("  ")[0].trim();
  }
}
