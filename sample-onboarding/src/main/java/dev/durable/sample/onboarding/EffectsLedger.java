package dev.durable.sample.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An append-only text file with one line per side effect the fake services really performed:
 * {@code <workflow id> <step name>}. It is how a person (or a test) sees what ran how often.
 */
public final class EffectsLedger {
  private final Path file;

  public EffectsLedger(Path file) {
    this.file = file;
  }

  public synchronized void append(String workflowId, String stepName) {
    try {
      Files.writeString(file, workflowId + " " + stepName + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to the effects ledger " + file, e);
    }
  }

  public List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the effects ledger " + file, e);
    }
  }

  /** Removes the lines of one workflow id, keeping the others. */
  public synchronized int forget(String workflowId) {
    List<String> all = lines();
    List<String> kept = all.stream().filter(l -> !l.startsWith(workflowId + " ")).toList();
    try {
      if (Files.exists(file)) {
        Files.write(file, kept, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rewrite the effects ledger " + file, e);
    }
    return all.size() - kept.size();
  }

  public Path file() {
    return file;
  }
}
