package dev.durable.cli.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the pages, scripts and styles from the jar. Only the files named here exist: a request
 * path is a key into this table, never a file name, so no path can reach another resource.
 */
final class StaticFiles implements HttpHandler {
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html",
      "/index.html", "index.html",
      "/workflow.html", "workflow.html",
      "/app.css", "app.css",
      "/common.js", "common.js",
      "/list.js", "list.js",
      "/workflow.js", "workflow.js",
      "/timeline.js", "timeline.js",
      "/favicon.svg", "favicon.svg");

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "svg", "image/svg+xml");

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      Responses.error(exchange, 405, method + " is not accepted here: pages are read-only.");
      return;
    }
    String file = FILES.get(exchange.getRequestURI().getRawPath());
    if (file == null) {
      Responses.error(exchange, 404, "No page at " + exchange.getRequestURI().getRawPath() + ". Start at /.");
      return;
    }
    byte[] body;
    try (InputStream in = StaticFiles.class.getResourceAsStream("static/" + file)) {
      if (in == null) {
        throw new IllegalStateException("resource static/" + file + " is missing from the jar");
      }
      body = in.readAllBytes();
    }
    Responses.send(exchange, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), body);
  }
}
