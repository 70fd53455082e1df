package dev.durable.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durable.DurableEngine;
import dev.durable.WorkflowStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server and its JSON API over plain HTTP: what it answers, and what it refuses. */
class WebServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static DurableEngine engine;
  private static WebServer readOnly;
  private static WebServer withActions;

  @BeforeAll
  static void serve() throws Exception {
    Path db = dir.resolve("runs.db");
    SampleRuns.populate(db, false);
    engine = DurableEngine.builder(db).clientOnly().build();
    readOnly = WebServer.start(engine, WebServer.localAddress(0), false);
    withActions = WebServer.start(engine, WebServer.localAddress(0), true);
  }

  @AfterAll
  static void stop() {
    readOnly.close();
    withActions.close();
    engine.close();
  }

  @Test
  void localAddress_isLoopbackOnly() {
    assertThat(WebServer.localAddress(WebServer.DEFAULT_PORT).getAddress().isLoopbackAddress()).isTrue();
    assertThat(readOnly.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(readOnly.uri().getPort()).isPositive();
  }

  @Test
  void list_returnsRunsNewestFirst_withCountsByStatus() throws Exception {
    JsonNode body = getJson(readOnly, "/api/workflows");

    assertThat(body.get("total").asInt()).isEqualTo(7);
    assertThat(body.get("counts").get("COMPLETED").asInt()).isEqualTo(3);
    assertThat(body.get("counts").get("WAITING").asInt()).isEqualTo(2);
    assertThat(body.get("workflows").get(0).get("workflowId").asText()).isEqualTo("reminder-cancel-me");
    assertThat(body.get("actionsAllowed").asBoolean()).isFalse();
  }

  @Test
  void list_filtersByStatusAndName_andCountsEveryStatusOfThatName() throws Exception {
    JsonNode body = getJson(readOnly, "/api/workflows?status=completed&name=onboarding");

    assertThat(body.get("workflows").findValuesAsText("workflowId"))
        .containsExactly("onboarding-alan-turing", "onboarding-ada-lovelace");
    // Counts follow the name filter, not the status filter: the page shows every status of those runs.
    assertThat(body.get("counts").get("COMPLETED").asInt()).isEqualTo(2);
    assertThat(body.get("counts").get("WAITING").asInt()).isEqualTo(0);
  }

  @Test
  void list_refusesAnUnknownStatus() throws Exception {
    HttpResponse<String> response = get(readOnly, "/api/workflows?status=SLEEPY");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Unknown status 'SLEEPY'");
  }

  @Test
  void detail_givesStepsWithTheirBranches() throws Exception {
    JsonNode body = getJson(readOnly, "/api/workflows/onboarding-ada-lovelace");

    assertThat(body.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(body.get("steps").findValuesAsText("branch")).containsOnly("", "2", "3");
    JsonNode laptop = body.get("steps").findParents("name").stream()
        .filter(s -> s.get("name").asText().endsWith("provisionLaptop")).findFirst().orElseThrow();
    assertThat(laptop.get("attempts").asInt()).isEqualTo(2);
    assertThat(laptop.get("position").asText()).isEqualTo("2.1");
  }

  @Test
  void detail_ofAnIdWithMarkup_isFoundWhenPercentEncoded() throws Exception {
    JsonNode body = getJson(readOnly, "/api/workflows/" + encode(SampleRuns.HOSTILE_ID));

    assertThat(body.get("workflowId").asText()).isEqualTo(SampleRuns.HOSTILE_ID);
    assertThat(body.get("steps").get(0).get("output").asText()).contains("<script>");
  }

  @Test
  void unknownRun_is404() throws Exception {
    assertThat(get(readOnly, "/api/workflows/no-such-run").statusCode()).isEqualTo(404);
  }

  @Test
  void pages_carryAContentSecurityPolicy_andOnlyListedFilesExist() throws Exception {
    HttpResponse<String> page = get(readOnly, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));

    assertThat(get(readOnly, "/static/../../../../pom.xml").statusCode()).isEqualTo(404);
    assertThat(get(readOnly, "/WebServer.class").statusCode()).isEqualTo(404);
  }

  @Test
  void actions_areRefusedWhenNotAllowed() throws Exception {
    HttpResponse<String> response = post(readOnly, "/api/workflows/reminder-grace-hopper/cancel", origin(readOnly));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("read-only");
    assertThat(engine.list(dev.durable.WorkflowQuery.all()).stream()
        .filter(s -> s.workflowId().equals("reminder-grace-hopper")).findFirst().orElseThrow().cancelRequested())
        .isFalse();
  }

  @Test
  void actions_areNeverGets() throws Exception {
    HttpResponse<String> response = get(withActions, "/api/workflows/reminder-grace-hopper/cancel");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void actions_fromAnotherOrigin_orWithoutOne_areRefused() throws Exception {
    HttpResponse<String> foreign = post(withActions, "/api/workflows/reminder-grace-hopper/cancel", "http://evil.example");
    HttpResponse<String> otherPort = post(withActions, "/api/workflows/reminder-grace-hopper/cancel", origin(readOnly));
    HttpResponse<String> none = post(withActions, "/api/workflows/reminder-grace-hopper/cancel", null);

    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("origin 'http://evil.example'");
    assertThat(otherPort.statusCode()).isEqualTo(403);
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(engine.inspect("reminder-grace-hopper").orElseThrow().status()).isEqualTo(WorkflowStatus.WAITING);
  }

  @Test
  void resume_fromTheServersOwnOrigin_startsAFailedRunAgain() throws Exception {
    HttpResponse<String> response = post(withActions, "/api/workflows/payment-order-1043/resume", origin(withActions));

    assertThat(response.statusCode()).isEqualTo(200);
    // A client-only engine runs nothing: the run waits for a worker.
    assertThat(engine.inspect("payment-order-1043").orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);
  }

  @Test
  void requestsForAForeignHost_areRefused() throws Exception {
    // A DNS-rebinding page reaches the loopback address with its own name as Host.
    String response = rawGet(readOnly, "/api/workflows", "rebind.evil.example:" + readOnly.uri().getPort());

    assertThat(response).startsWith("HTTP/1.1 403");
    assertThat(response).doesNotContain("onboarding-ada-lovelace");
  }

  private static String origin(WebServer server) {
    return "http://" + server.uri().getRawAuthority();
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode getJson(WebServer server, String path) throws Exception {
    HttpResponse<String> response = get(server, path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> get(WebServer server, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(origin(server) + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(WebServer server, String path, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin(server) + path))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (origin != null) {
      request.header("Origin", origin);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** HttpClient refuses to set Host, so this speaks HTTP/1.1 on a socket. */
  private static String rawGet(WebServer server, String path, String host) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.uri().getHost(), server.uri().getPort()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
