package dev.durable.bench;

import dev.durable.DurableEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A worker JVM of row 9c: a worker engine on the PostgreSQL database and schema given as arguments, which
 * runs the {@link StepsWorkflow} runs the bench starts, until the bench writes {@code stop} (or closes
 * its standard input).
 */
public final class PgBenchWorker {
  private PgBenchWorker() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    try (DurableEngine engine = DurableEngine.builder(args[0]).schema(args[1]).workerThreads(64)
        .register(StepsWorkflow.class, Probe.NONE).build()) {
      System.out.println("#READY " + engine.location());
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
        // Only "stop" is a command.
      }
    }
  }
}
