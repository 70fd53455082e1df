package dev.durable.cli.web;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which requests the server answers at all (by their {@code Host}) and which may change
 * something (by their {@code Origin} or {@code Referer}). The one place these rules live.
 *
 * <p>Why a Host check on a server bound to 127.0.0.1: a web site can point its own name at
 * 127.0.0.1 (DNS rebinding) and then read this server's pages as "same origin". Its requests still
 * carry its own name as Host, so answering only our own names stops it. A server bound to every
 * interface (0.0.0.0) cannot know the names it is reached by and accepts any Host; its actions then
 * still require an Origin equal to the request's own Host.
 */
final class RequestGuard {
  private final Set<String> hosts;
  private final String ownOrigin;

  private RequestGuard(Set<String> hosts, String ownOrigin) {
    this.hosts = hosts;
    this.ownOrigin = ownOrigin;
  }

  static RequestGuard forServer(InetSocketAddress bound, URI uri) {
    int port = bound.getPort();
    String own = uri.getRawAuthority().toLowerCase(Locale.ROOT);
    Set<String> hosts;
    if (bound.getAddress().isAnyLocalAddress()) {
      hosts = null;
    } else if (bound.getAddress().isLoopbackAddress()) {
      // A set built from a list: own is one of the loopback names, and Set.of refuses duplicates.
      hosts = Set.copyOf(List.of(own, "localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port));
    } else {
      hosts = Set.of(own);
    }
    return new RequestGuard(hosts, "http://" + own);
  }

  /** The origin the pages are served from, as a browser writes it in an Origin header. */
  String ownOrigin() {
    return ownOrigin;
  }

  /** Null if the request is addressed to this server, else why it is refused. */
  String refuseHost(HttpExchange exchange) {
    String host = host(exchange);
    if (hosts == null || hosts.contains(host)) {
      return null;
    }
    return "This server does not answer requests for host '" + host + "': it serves " + ownOrigin + " only, so"
        + " that a web site that points its own name at this address cannot read your workflows. Fix: open "
        + ownOrigin + "/ instead.";
  }

  /** Null if a state-changing request comes from one of this server's own pages, else why it is refused. */
  String refuseCrossSite(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String source = origin;
    if (origin == null || origin.equals("null")) {
      String referer = exchange.getRequestHeaders().getFirst("Referer");
      source = referer == null ? null : originOf(referer);
    }
    if (source != null && isOwn(source.toLowerCase(Locale.ROOT), exchange)) {
      return null;
    }
    String from = source == null ? "a request with neither Origin nor Referer" : "origin '" + source + "'";
    return "Refused to change a workflow for " + from + ": actions are accepted only from this server's own"
        + " pages (" + ownOrigin + "), so that another web site open in your browser cannot cancel or resume"
        + " runs. Fix: use the buttons of the page at " + ownOrigin + "/, or send the header 'Origin: "
        + ownOrigin + "' from a script.";
  }

  private boolean isOwn(String origin, HttpExchange exchange) {
    if (!origin.startsWith("http://")) {
      return false;
    }
    String authority = origin.substring("http://".length());
    return hosts == null ? authority.equals(host(exchange)) : hosts.contains(authority);
  }

  private static String host(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
  }

  private static String originOf(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getScheme() == null || uri.getRawAuthority() == null ? null : uri.getScheme() + "://" + uri.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
