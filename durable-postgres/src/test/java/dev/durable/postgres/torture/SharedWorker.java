package dev.durable.postgres.torture;

import dev.durable.DurableEngine;
import dev.durable.testing.CrashWorker;
import dev.durable.testing.FileLedger;
import dev.durable.testing.TortureLeaf;
import dev.durable.testing.TortureWorkflow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Main class of the worker JVMs the PostgreSQL torture kills. Arguments: JDBC URL and ledger file.
 * It opens a worker engine on the shared database, prints {@code #READY}, and then only works: it
 * runs whatever runs the database holds ready (started, woken by an event, orphaned by a killed
 * worker) until the parent writes {@code stop}; then it closes the engine, prints {@code #DONE} and
 * exits 0.
 */
public final class SharedWorker {
  private SharedWorker() {}

  public static void main(String[] args) throws Exception {
    CrashWorker.selfDestructAfter(600_000);
    FileLedger ledger = new FileLedger(Path.of(args[1]));
    try (DurableEngine engine = DurableEngine.builder(args[0]).pollInterval(Duration.ofMillis(500)).workerThreads(16)
        .register(TortureWorkflow.class, ledger).register(TortureLeaf.class, ledger).build()) {
      System.out.println("#READY " + engine.location());
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
        // Only "stop" is a command.
      }
    } catch (Throwable e) {
      System.out.println("#ERROR " + e);
      e.printStackTrace(System.out);
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }
    System.out.println("#DONE");
  }
}
