package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import dev.durable.DurableListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The benchmark's working directory: hands out fresh database files and opens engines on them, and
 * deletes everything at the end. Every measurement gets its own file unless it says otherwise, so
 * one row's WAL or checkpoint state never leaks into another's.
 */
final class Scratch implements AutoCloseable {
  private final Path dir;
  private final AtomicInteger counter = new AtomicInteger();

  Scratch(Path parent) {
    try {
      Files.createDirectories(parent);
      this.dir = Files.createTempDirectory(parent, "durable-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  /** A path for a new database file (nothing is created). */
  Path newDb(String name) {
    return dir.resolve(name + "-" + counter.incrementAndGet() + ".db");
  }

  /**
   * An engine without a worker: rows 1 to 6 time explicit calls, and a worker would resume a crashed
   * child's runs on its own, beside the call being timed.
   */
  static DurableEngine engine(Path db, Durability durability, Probe probe) {
    return DurableEngine.builder(db).durability(durability).workerThreads(0).register(StepsWorkflow.class, probe).build();
  }

  static DurableEngine engine(Path db, Durability durability, Probe probe, DurableListener listener) {
    return DurableEngine.builder(db).durability(durability).workerThreads(0).register(StepsWorkflow.class, probe)
        .listener(listener).build();
  }

  /** Deletes a database file with its WAL and shared-memory files. */
  static void deleteDb(Path db) {
    try {
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        Files.deleteIfExists(Path.of(db + suffix));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
