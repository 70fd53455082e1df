package dev.durable.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Side effects of test steps written to a file, one line each, so they survive the halt of the JVM
 * that performed them (the OS keeps the written bytes) and can be counted by the parent test.
 */
public final class FileLedger {
  private final Path file;

  public FileLedger(Path file) {
    this.file = file;
  }

  public synchronized void ran(String key) {
    try {
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Map<String, Long> counts() {
    try {
      if (!Files.exists(file)) {
        return Map.of();
      }
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
