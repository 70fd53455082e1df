package dev.durable.cli.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.durable.DurableEngine;
import dev.durable.StepInfo;
import dev.durable.WorkflowDefinitionException;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowStatus;
import dev.durable.WorkflowSummary;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API under {@code /api/}. Reads are GET; the two actions are POST and pass the {@link
 * RequestGuard}'s cross-site check, and only when actions were allowed at start.
 *
 * <pre>
 * GET  /api/workflows?status=FAILED&amp;name=onboarding&amp;limit=100   runs, newest first, with counts by status
 * GET  /api/workflows/{id}                                  one run with its steps
 * GET  /api/workflows/{id}/steps/{position}                 one step with its full stored value
 * POST /api/workflows/{id}/cancel, /api/workflows/{id}/resume
 * </pre>
 */
final class ApiHandler implements HttpHandler {
  /** The most runs counted by status; {@link WorkflowQuery#limit(int)} allows no more in one query. */
  static final int COUNT_LIMIT = 10_000;

  private final DurableEngine engine;
  private final RequestGuard guard;
  private final boolean allowActions;

  ApiHandler(DurableEngine engine, RequestGuard guard, boolean allowActions) {
    this.engine = engine;
    this.guard = guard;
    this.allowActions = allowActions;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    List<String> path;
    try {
      path = segments(exchange.getRequestURI().getRawPath());
    } catch (IllegalArgumentException e) {
      Responses.error(exchange, 400, "Malformed address " + exchange.getRequestURI().getRawPath() + ": " + e.getMessage()
          + ". Fix: percent-encode workflow ids (encodeURIComponent).");
      return;
    }
    String method = exchange.getRequestMethod();
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (path.size() < 2 || !path.get(1).equals("workflows")) {
      Responses.error(exchange, 404, "No API at " + exchange.getRequestURI().getRawPath()
          + ". The API serves /api/workflows and /api/workflows/{id}.");
    } else if (path.size() == 2 && read) {
      list(exchange);
    } else if (path.size() == 3 && read) {
      detail(exchange, path.get(2));
    } else if (path.size() == 5 && path.get(3).equals("steps") && read) {
      step(exchange, path.get(2), path.get(4));
    } else if (path.size() == 4 && (path.get(3).equals("cancel") || path.get(3).equals("resume"))) {
      if (!method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        Responses.error(exchange, 405, path.get(3) + " changes a workflow, so it takes a POST; GET requests never"
            + " change anything. Fix: use the page's button, or POST to this address.");
      } else {
        action(exchange, path.get(2), path.get(3));
      }
    } else if (!read) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      Responses.error(exchange, 405, method + " is not accepted here: this address is read-only.");
    } else {
      Responses.error(exchange, 404, "No API at " + exchange.getRequestURI().getRawPath() + ".");
    }
  }

  private void list(HttpExchange exchange) throws IOException {
    Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
    WorkflowQuery base = WorkflowQuery.all();
    String name = params.getOrDefault("name", "").trim();
    if (!name.isEmpty()) {
      base = base.workflowName(name);
    }
    WorkflowStatus status = null;
    String statusParam = params.getOrDefault("status", "").trim();
    if (!statusParam.isEmpty()) {
      try {
        status = WorkflowStatus.valueOf(statusParam.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        Responses.error(exchange, 400, "Unknown status '" + statusParam + "'. Fix: use one of "
            + List.of(WorkflowStatus.values()) + ", or none for all.");
        return;
      }
    }
    int limit;
    try {
      limit = Integer.parseInt(params.getOrDefault("limit", "100").trim());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > COUNT_LIMIT) {
      Responses.error(exchange, 400, "limit must be a number from 1 to " + COUNT_LIMIT + ", got '"
          + params.get("limit") + "'.");
      return;
    }
    // Counts ignore the status filter, so that the page can show every status beside the filtered list.
    List<WorkflowSummary> recent = engine.list(base.limit(COUNT_LIMIT));
    Map<WorkflowStatus, Integer> counts = new EnumMap<>(WorkflowStatus.class);
    for (WorkflowStatus s : WorkflowStatus.values()) {
      counts.put(s, 0);
    }
    for (WorkflowSummary s : recent) {
      counts.merge(s.status(), 1, Integer::sum);
    }
    List<WorkflowSummary> shown = status == null
        ? recent.subList(0, Math.min(limit, recent.size()))
        : engine.list(base.status(status).limit(limit));

    ObjectNode body = Responses.JSON.createObjectNode();
    body.put("database", engine.location());
    body.put("actionsAllowed", allowActions);
    ObjectNode countNode = body.putObject("counts");
    counts.forEach((s, n) -> countNode.put(s.name(), n));
    body.put("total", recent.size());
    // Past COUNT_LIMIT runs the counts are those of the newest ones; the page says so.
    body.put("countsCapped", recent.size() == COUNT_LIMIT);
    ArrayNode workflows = body.putArray("workflows");
    for (WorkflowSummary s : shown) {
      workflows.add(WorkflowJson.summary(s));
    }
    Responses.json(exchange, 200, body);
  }

  private void detail(HttpExchange exchange, String id) throws IOException {
    Optional<WorkflowInfo> info = engine.inspect(id);
    if (info.isEmpty()) {
      notFound(exchange, id);
      return;
    }
    ObjectNode body = WorkflowJson.detail(info.get());
    body.put("actionsAllowed", allowActions);
    body.put("now", System.currentTimeMillis());
    // WorkflowInfo has no cancellation flag; the run's summary does.
    List<WorkflowSummary> same = engine.list(WorkflowQuery.all().workflowName(info.get().workflowName()).limit(COUNT_LIMIT));
    body.put("cancelRequested", same.stream().anyMatch(s -> s.workflowId().equals(id) && s.cancelRequested()));
    Responses.json(exchange, 200, body);
  }

  private void step(HttpExchange exchange, String id, String position) throws IOException {
    Optional<WorkflowInfo> info = engine.inspect(id);
    if (info.isEmpty()) {
      notFound(exchange, id);
      return;
    }
    for (StepInfo s : info.get().steps()) {
      if (s.position().equals(position)) {
        ObjectNode body = WorkflowJson.step(s);
        body.put("output", s.outputJson());
        Responses.json(exchange, 200, body);
        return;
      }
    }
    Responses.error(exchange, 404, "Workflow '" + id + "' has no step at position '" + position + "'.");
  }

  private void action(HttpExchange exchange, String id, String action) throws IOException {
    if (!allowActions) {
      Responses.error(exchange, 403, "This server is read-only: it was started without --allow-actions, so it"
          + " refuses to " + action + " workflows. Fix: restart it with 'durable --db FILE serve --allow-actions'.");
      return;
    }
    String crossSite = guard.refuseCrossSite(exchange);
    if (crossSite != null) {
      Responses.error(exchange, 403, crossSite);
      return;
    }
    ObjectNode body = Responses.JSON.createObjectNode().put("workflowId", id).put("action", action);
    try {
      if (action.equals("cancel")) {
        body.put("changed", engine.cancel(id));
      } else {
        engine.resume(id);
        body.put("changed", true);
      }
    } catch (WorkflowDefinitionException e) {
      Responses.error(exchange, engine.inspect(id).isEmpty() ? 404 : 409, e.getMessage());
      return;
    }
    Responses.json(exchange, 200, body);
  }

  private static void notFound(HttpExchange exchange, String id) throws IOException {
    Responses.error(exchange, 404, "No workflow with id '" + id + "' in this database. It may have been"
        + " forgotten, or it lives in another database file.");
  }

  /** The decoded path segments after {@code /api/}: ids may contain '/' (sent as %2F), so split first. */
  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/", -1)) {
      if (!raw.isEmpty()) {
        segments.add(decode(raw));
      }
    }
    return segments;
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String decode(String segment) {
    // URLDecoder is for forms: in a path '+' is a plus sign, not a space.
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
