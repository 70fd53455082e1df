package dev.durable.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a main class of the test class path in a new JVM and waits for it. */
public final class ChildJvm {
  private ChildJvm() {}

  /** The result of a finished child. */
  public record Exit(int code, String output) {}

  public static Process start(Class<?> main, String... args) throws IOException {
    return start(List.of(), main, args);
  }

  /** As {@link #start(Class, String...)}, with the java command run by {@code launcher} (unshare, say). */
  public static Process start(List<String> launcher, Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Fast start matters: the torture test starts hundreds of these.
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  public static Exit run(Class<?> main, String... args) throws IOException, InterruptedException {
    Process p = start(main, args);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("child " + main.getSimpleName() + " did not finish: " + output);
    }
    return new Exit(p.exitValue(), output);
  }
}
