package dev.durable.cli.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Refuses requests for a foreign Host before any handler runs, and turns a handler's crash into a JSON 500. */
final class GuardedHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(GuardedHandler.class);

  private final RequestGuard guard;
  private final HttpHandler delegate;

  GuardedHandler(RequestGuard guard, HttpHandler delegate) {
    this.guard = guard;
    this.delegate = delegate;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String refused = guard.refuseHost(exchange);
      if (refused != null) {
        Responses.error(exchange, 403, refused);
        return;
      }
      try {
        delegate.handle(exchange);
      } catch (RuntimeException e) {
        log.warn("Web request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        Responses.error(exchange, 500, "The server failed to answer " + exchange.getRequestMethod() + " "
            + exchange.getRequestURI().getRawPath() + ": " + e + ". Details are in the server's log.");
      }
    }
  }
}
