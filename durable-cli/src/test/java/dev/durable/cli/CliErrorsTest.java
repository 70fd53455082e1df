package dev.durable.cli;

import static dev.durable.cli.TestDatabase.COMPLETED;
import static dev.durable.cli.TestDatabase.durable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.cli.TestDatabase.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad paths, foreign files and bad usage: exit codes, one-line messages, and files left untouched. */
class CliErrorsTest {
  @TempDir Path dir;

  @Test
  void missingFile_isAnError_andNoDatabaseIsCreated() {
    Path missing = dir.resolve("typo.db");

    Run run = durable("--db", missing.toString(), "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("durable: No database file at " + missing + ".").contains("never creates one", "Fix:");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void directory_isRefused() {
    Run run = durable("--db", dir.toString(), "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("is a directory, not a database file");
  }

  @Test
  void textFile_isRefusedUntouched() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "not a database\n", StandardCharsets.UTF_8);

    assertRefusedUntouched(file, "is not a SQLite database");
  }

  @Test
  void emptyFile_isRefusedUntouched() throws Exception {
    Path file = Files.createFile(dir.resolve("empty.db"));

    assertRefusedUntouched(file, "is empty, not a Durable database");
  }

  @Test
  void sqliteDatabaseOfAnotherApplication_isRefusedUntouched() throws Exception {
    Path file = dir.resolve("shop.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)");
      s.execute("INSERT INTO orders (item) VALUES ('book')");
    }

    assertRefusedUntouched(file, "is a SQLite database but not a Durable one (tables orders, no durable_schema table)");
  }

  /** Every command refuses {@code file} with exit 1 and one line; its bytes and its directory stay as they were. */
  private void assertRefusedUntouched(Path file, String reason) throws Exception {
    byte[] before = Files.readAllBytes(file);
    List<Path> siblings = list(dir);
    for (List<String> command : List.of(List.of("list"), List.of("show", "x"), List.of("history", "x"),
        List.of("cancel", "x"), List.of("resume", "x"), List.of("delete", "x", "--yes"))) {
      Run run = durable(Stream.concat(Stream.of("--db", file.toString()), command.stream()).toArray(String[]::new));

      assertThat(run.exitCode()).as(command.toString()).isEqualTo(1);
      assertThat(run.err().lines()).as(command.toString()).singleElement().asString()
          .contains(reason, "it was left unchanged", "Fix:");
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(list(dir)).as("no journal, WAL or marker file beside it").isEqualTo(siblings);
  }

  @Test
  void missingDb_isAUsageError() {
    Run run = durable("list");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().contains("--db PATH");
  }

  @Test
  void unknownCommand_isAUsageErrorWithSuggestions() {
    Run run = durable("--db", "x.db", "lst");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString()
        .contains("'lst'", "Did you mean: list", "Fix: see 'durable --help'");
  }

  @Test
  void missingCommand_unknownOption_andMissingId_areUsageErrors() {
    assertThat(durable("--db", "x.db").exitCode()).isEqualTo(2);

    Run option = durable("--db", "x.db", "list", "--colour");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err().lines()).singleElement().asString().contains("--colour", "Fix: see 'durable list --help'");

    Run noId = durable("--db", "x.db", "show");
    assertThat(noId.exitCode()).isEqualTo(2);
    assertThat(noId.err()).contains("Missing required parameter: 'ID'");

    Run badStatus = durable("--db", "x.db", "list", "--status", "SLEEPING");
    assertThat(badStatus.exitCode()).isEqualTo(2);
    assertThat(badStatus.err()).contains("SLEEPING", "PENDING, RUNNING, WAITING, COMPLETED, FAILED, CANCELLED");
  }

  @Test
  void help_worksOnEveryCommand_withoutADatabase() {
    Run top = durable("--help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).startsWith("Usage: durable").contains("list", "show", "history", "cancel", "resume", "delete",
        "Exit codes: 0 success, 1 the action failed, 2 bad usage.");
    for (String command : List.of("list", "show", "history", "cancel", "resume", "delete")) {
      Run run = durable(command, "--help");

      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.err()).as(command).isEmpty();
      assertThat(run.out()).as(command).startsWith("Usage: durable " + command).contains("--db=PATH", "--help");
    }
    assertThat(durable("help", "list").out()).startsWith("Usage: durable list");
  }

  @Test
  void version_printsTheProjectVersion() {
    Run run = durable("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("durable ").doesNotContain("${").doesNotContain("unknown version");
  }

  @Test
  void verbose_addsTheStackTrace() throws Exception {
    String db = TestDatabase.copyInto(dir).toString();

    Run quiet = durable("--db", db, "cancel", COMPLETED);
    Run verbose = durable("--db", db, "cancel", COMPLETED, "--verbose");

    assertThat(quiet.err().lines()).hasSize(1);
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(verbose.err().lines().findFirst()).contains(quiet.err().lines().findFirst().orElseThrow());
    assertThat(verbose.err()).contains("dev.durable.cli.CliException", "at dev.durable.cli.CancelCommand.call");
  }

  private static List<Path> list(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }
}
