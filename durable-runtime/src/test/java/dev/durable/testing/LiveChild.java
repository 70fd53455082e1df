package dev.durable.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that stays alive between commands: the parent writes command lines to its stdin and
 * reads its {@code #} protocol lines with a timeout; everything else it prints is kept for failure
 * messages.
 */
public final class LiveChild implements AutoCloseable {
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> protocol = new LinkedBlockingQueue<>();
  private final List<String> output = new CopyOnWriteArrayList<>();

  private LiveChild(Process process) {
    this.process = process;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.add(line);
          if (line.startsWith("#")) {
            protocol.add(line);
          }
        }
      } catch (IOException e) {
        // The child was killed while we read: its output simply ends here.
        output.add("(output ended: " + e + ")");
      }
    }, "child-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  public static LiveChild start(Class<?> main, String... args) {
    return start(List.of(), main, args);
  }

  /** A child whose java command is run by {@code launcher} (for example {@code unshare -p -f --mount-proc}). */
  public static LiveChild start(List<String> launcher, Class<?> main, String... args) {
    try {
      return new LiveChild(ChildJvm.start(launcher, main, args));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to child " + pid() + "; output: " + output(), e);
    }
  }

  /** The next protocol line starting with {@code prefix} (earlier lines with other prefixes are dropped). */
  public String await(String prefix, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : protocol.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("child " + pid() + " printed no '" + prefix + "' line within " + timeoutMillis
            + " ms (alive: " + process.isAlive() + "); its output:\n" + output());
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Like {@code await}, but for one line that starts with any of {@code prefixes}. */
  public String awaitAny(long timeoutMillis, String... prefixes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : protocol.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("child " + pid() + " printed none of " + List.of(prefixes) + " within " + timeoutMillis
            + " ms (alive: " + process.isAlive() + "); its output:\n" + output());
      }
      for (String p : prefixes) {
        if (line.startsWith(p)) {
          return line;
        }
      }
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + pid() + " survived SIGKILL for 20 s");
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  public String output() {
    return String.join("\n", output);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
