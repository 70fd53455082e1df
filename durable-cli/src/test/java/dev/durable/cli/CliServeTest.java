package dev.durable.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve}: the page is served from the command, on the loopback address, read-only unless asked. */
class CliServeTest {
  @TempDir Path dir;

  @Test
  void serve_servesTheRunsReadOnly_onLoopback_untilStopped() throws Exception {
    Path file = TestDatabase.copyInto(dir);
    CommandLine cli = DurableCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> cli.execute("--db", file.toString(), "serve", "--port", "0"));
    ServeCommand serve = cli.getSubcommands().get("serve").getCommand();

    Matcher served = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!served.reset(out.toString()).find()) {
      assertThat(exit).as("serve ended early: %s", out).isNotDone();
      assertThat(System.nanoTime()).as("serve printed its address").isLessThan(deadline);
      Thread.onSpinWait();
    }
    URI uri = URI.create(served.group(1));
    assertThat(out.toString()).contains("read-only");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> list = http.send(HttpRequest.newBuilder(uri.resolve("api/workflows")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(TestDatabase.COMPLETED, TestDatabase.WAITING);
    HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(uri.resolve("api/workflows/"
            + TestDatabase.WAITING + "/cancel")).header("Origin", uri.toString().replaceAll("/$", ""))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(cancel.statusCode()).as("actions need --allow-actions").isEqualTo(403);

    serve.stop.countDown();
    assertThat(exit.get()).isZero();
  }

  @Test
  void serve_refusesAPortOutOfRange_asUsage() {
    TestDatabase.Run run = TestDatabase.durable("--db", "x.db", "serve", "--port", "70000");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--port must be between 0 and 65535");
  }
}
