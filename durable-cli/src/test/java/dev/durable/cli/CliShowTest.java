package dev.durable.cli;

import static dev.durable.cli.TestDatabase.BRANCHES;
import static dev.durable.cli.TestDatabase.COMPLETED;
import static dev.durable.cli.TestDatabase.FAILED;
import static dev.durable.cli.TestDatabase.durable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durable.cli.TestDatabase.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code durable show} and {@code durable history} against runs of real workflows. */
class CliShowTest {
  @TempDir Path dir;
  private String db;

  @BeforeEach
  void copyDatabase() throws Exception {
    db = TestDatabase.copyInto(dir).toString();
  }

  @Test
  void show_printsTheRunAndItsSteps() {
    Run run = durable("--db", db, "show", COMPLETED);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).contains(
        "Workflow     greet-ada",
        "Name         Greeting",
        "Arguments    [\"Ada\"]",
        "Status       COMPLETED",
        "Result       \"hello Ada / 3\"",
        "Started      2026-03-01T09:00:00Z");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("POS").contains("STEP", "STATUS", "ATTEMPTS", "DURATION",
        "RESULT OR ERROR"));
    assertThat(lines).contains("1    hello   COMPLETED  1         0 ms      \"hello Ada\"");
  }

  @Test
  void show_shortensLongValuesToOneLine_andFullPrintsThemWhole() {
    String longStep = line(durable("--db", db, "show", COMPLETED), "2    letter");
    assertThat(longStep).endsWith("...").contains("[\"Dear Ada, welcome aboard.\",\"xxx");
    assertThat(longStep.substring(longStep.indexOf('['))).hasSize(Display.SHORT_VALUE);

    String whole = line(durable("--db", db, "show", COMPLETED, "--full"), "2    letter");
    assertThat(whole).endsWith("[\"Dear Ada, welcome aboard.\",\"" + "x".repeat(200) + "\",\"Regards\"]");
  }

  @Test
  void show_failedRun_showsTheErrorShort_andWithItsCauseWhenFull() {
    Run run = durable("--db", db, "show", FAILED);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Status       FAILED", "Error        IllegalStateException: card declined for reserved book");
    assertThat(line(run, "2    charge")).contains("IllegalStateException: card declined for reserved book")
        .doesNotContain("caused by");

    Run full = durable("--db", db, "show", FAILED, "--full");
    assertThat(line(full, "2    charge")).endsWith("java.lang.IllegalStateException: card declined for reserved book"
        + " (caused by java.io.IOException: gateway said 402)");
  }

  @Test
  void show_branchSteps_haveTheirPositions() {
    Run run = durable("--db", db, "show", BRANCHES);

    assertThat(run.out()).contains("Result       25");
    assertThat(line(run, "1.1")).contains("square", "COMPLETED").endsWith("9");
    assertThat(line(run, "2.1")).contains("square", "COMPLETED").endsWith("16");
  }

  @Test
  void showJson_isTheHistoryDocument() throws Exception {
    Run show = durable("--db", db, "show", FAILED, "--json");
    Run history = durable("--db", db, "history", FAILED, "--json");

    assertThat(show.exitCode()).isZero();
    assertThat(new ObjectMapper().readTree(show.out())).isEqualTo(new ObjectMapper().readTree(history.out()));
  }

  @Test
  void history_holdsTheWholeRunWithStoredValuesAsJson() throws Exception {
    Run run = durable("--db", db, "history", FAILED, "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertThat(doc.get("format").asText()).isEqualTo("durable-history");
    assertThat(doc.get("formatVersion").asInt()).isEqualTo(1);
    assertThat(doc.get("workflowId").asText()).isEqualTo(FAILED);
    assertThat(doc.get("workflowName").asText()).isEqualTo("Payment");
    assertThat(doc.get("className").asText()).isEqualTo(Workflows.Payment.class.getName());
    assertThat(doc.get("arguments").isArray()).isTrue();
    assertThat(doc.get("arguments").get(0).asText()).isEqualTo("book");
    assertThat(doc.get("status").asText()).isEqualTo("FAILED");
    assertThat(doc.get("output").get("type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(doc.get("output").get("cause").get("message").asText()).isEqualTo("gateway said 402");
    assertThat(doc.get("createdAt").asText()).isEqualTo("2026-03-01T09:01:00Z");
    assertThat(doc.get("steps")).hasSize(2);
    JsonNode reserve = doc.get("steps").get(0);
    assertThat(reserve.get("position").asText()).isEqualTo("1");
    assertThat(reserve.get("stepName").asText()).isEqualTo("reserve");
    assertThat(reserve.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(reserve.get("attempts").asInt()).isEqualTo(1);
    assertThat(reserve.get("output").asText()).isEqualTo("reserved book");
    assertThat(reserve.get("startedAt").asText()).isEqualTo("2026-03-01T09:01:00Z");
    JsonNode charge = doc.get("steps").get(1);
    assertThat(charge.get("output").get("message").asText()).isEqualTo("card declined for reserved book");
    assertThat(charge.get("output").get("stack").isArray()).isTrue();
  }

  @Test
  void showAndHistory_unknownId_failWithOneLineSayingWhatToRun() {
    for (String command : List.of("show", "history")) {
      Run run = durable("--db", db, command, "nobody");

      assertThat(run.exitCode()).as(command).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().lines()).singleElement().asString()
          .startsWith("durable: No workflow 'nobody' in ").contains("list' to see the stored ids");
    }
  }

  /** The output line that starts with {@code prefix}. */
  private static String line(Run run, String prefix) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out().lines().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + run.out()));
  }
}
