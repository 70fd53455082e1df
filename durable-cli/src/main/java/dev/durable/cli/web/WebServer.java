package dev.durable.cli.web;

import com.sun.net.httpserver.HttpServer;
import dev.durable.DurableEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local web page of a Durable database ({@code durable serve}): a list of its workflow runs and,
 * per run, a timeline of its steps, served with their JSON API by the JDK's own HTTP server.
 *
 * <pre>{@code
 * try (DurableEngine engine = DurableEngine.builder(db).clientOnly().build();
 *     WebServer server = WebServer.start(engine, new InetSocketAddress("127.0.0.1", 7070), false)) {
 *   System.out.println("Open " + server.uri());
 *   ...
 * }
 * }</pre>
 *
 * <p>Security model: the server has no login, so it binds only the address it is given (keep it a
 * loopback one); it answers only requests addressed to that host (a defence against DNS
 * rebinding); it is read-only unless started with {@code allowActions}, and even then it cancels or
 * resumes a run only for a request whose {@code Origin} (or {@code Referer}) is its own (a defence
 * against cross-site requests). Every value from the database is shown as text, never as markup,
 * under a Content-Security-Policy that allows only the server's own scripts.
 */
public final class WebServer implements AutoCloseable {
  /** The port {@code durable serve} listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 7070;

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;

  private WebServer(HttpServer server, ExecutorService executor, URI uri) {
    this.server = server;
    this.executor = executor;
    this.uri = uri;
  }

  /**
   * Starts serving {@code engine}'s database on {@code address} and returns at once; the server runs
   * on threads of its own until {@link #close()}.
   *
   * @param engine the engine to read through; a {@linkplain DurableEngine.Builder#clientOnly()
   *     client-only} one is enough, and is what {@code durable serve} passes
   * @param address where to listen, for example {@code 127.0.0.1:7070}; port 0 picks a free one (see
   *     {@link #uri()})
   * @param allowActions whether the pages may cancel and resume runs; if false, the server only reads
   * @throws UncheckedIOException if the address cannot be bound (port in use, address not local)
   */
  public static WebServer start(DurableEngine engine, InetSocketAddress address, boolean allowActions) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(address, "address");
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve the web page on " + address + ": " + e.getMessage()
          + ". Another program may be listening on that port, or the address is not one of this machine's."
          + " Fix: choose another port (--port), or stop the other program.", e);
    }
    URI uri = uriOf(server.getAddress());
    RequestGuard guard = RequestGuard.forServer(server.getAddress(), uri);
    server.createContext("/api/", new GuardedHandler(guard, new ApiHandler(engine, guard, allowActions)));
    server.createContext("/", new GuardedHandler(guard, new StaticFiles()));
    // A few threads: the page polls every few seconds, and the engine serialises reads of one file anyway.
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "durable-web-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new WebServer(server, executor, uri);
  }

  /**
   * The loopback address {@code 127.0.0.1:port}, reachable from this machine only: where the page
   * is served unless an option asks for another address.
   *
   * @param port the port, or 0 for any free one
   */
  public static InetSocketAddress localAddress(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** The address to open in a browser, for example {@code http://127.0.0.1:7070/}. */
  public URI uri() {
    return uri;
  }

  /** Stops listening, lets requests in progress finish for up to a second, and frees the threads. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static URI uriOf(InetSocketAddress bound) {
    InetAddress address = bound.getAddress();
    // Bound to every interface: a browser on this machine reaches it through the loopback address.
    InetAddress shown = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
    String host = shown.getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    return URI.create("http://" + host + ":" + bound.getPort() + "/");
  }
}
