package dev.durable.cli;

import dev.durable.DurableEngine;
import dev.durable.cli.web.WebServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code durable serve}: the local web page of the database's runs, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Serves a web page of the database's runs: a list with filters and counts, and a page per run with its"
            + " timeline (a bar per step, a lane per parallel branch, sleeps and waits as gaps, failures in red).",
        "Listens on 127.0.0.1 only, unless --bind says otherwise; read-only unless --allow-actions. Stop with Ctrl-C."
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand DurableCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + WebServer.DEFAULT_PORT,
      description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only). Another address shows"
          + " the runs' stored values to that network.")
  String bind;

  @Option(names = "--allow-actions",
      description = "Let the page cancel and resume runs (POST requests from the page's own origin only).")
  boolean allowActions;

  /** Counted down to stop serving: by Ctrl-C (a shutdown hook), or by a test. */
  final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new UsageErrorReporter.Refusal(spec.commandLine(), "--port must be between 0 and 65535, it was " + port
          + ". Fix: pass a free port, or 0 for any.");
    }
    PrintWriter out = spec.commandLine().getOut();
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        // Ctrl-C: let the server and the engine close before the JVM ends.
        stopped.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "durable-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (DurableEngine engine = cli.openEngine();
        WebServer server = start(engine)) {
      out.println("Serving " + cli.displayName() + " at " + server.uri() + (allowActions
          ? " (actions allowed: the page can cancel and resume runs)."
          : " (read-only; --allow-actions lets the page cancel and resume runs).") + " Stop with Ctrl-C.");
      out.flush();
      stop.await();
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it is what stopped us.
      }
    }
    return 0;
  }

  private WebServer start(DurableEngine engine) {
    try {
      return WebServer.start(engine, new InetSocketAddress(bind, port), allowActions);
    } catch (UncheckedIOException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}
