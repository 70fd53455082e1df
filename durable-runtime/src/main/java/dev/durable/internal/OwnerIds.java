package dev.durable.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Owner strings name the engine that runs a workflow: {@code host|pid|processStartMillis|engineUuid}.
 * On the same host they let another process see at once that an owner died (its pid is gone, or was
 * reused by a process that started later), so a crashed run is taken over immediately instead of
 * after its lease expires. Owners on other hosts are trusted until their lease expires.
 */
public final class OwnerIds {
  private static final String HOST = hostName();
  private static final long PID = ProcessHandle.current().pid();
  private static final long START = startMillis(ProcessHandle.current());

  private OwnerIds() {}

  static String newOwner() {
    return HOST + "|" + PID + "|" + START + "|" + UUID.randomUUID();
  }

  /** Whether the engine named by {@code owner} may still be running: false only when it is known to be gone. */
  public static boolean mayBeAlive(String owner) {
    String[] parts = owner.split("\\|");
    if (parts.length != 4 || !parts[0].equals(HOST)) {
      return true;
    }
    long pid;
    long start;
    try {
      pid = Long.parseLong(parts[1]);
      start = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return true;
    }
    if (pid == PID) {
      // This very process: the owner is another engine of this JVM (or a closed one); trust its lease.
      return true;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    long actualStart = startMillis(process.get());
    // Same pid, different start time: the pid was reused after the owner died.
    return actualStart == 0 || start == 0 || Math.abs(actualStart - start) < 1000;
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  private static String hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        return Files.readString(kernel, StandardCharsets.UTF_8).trim();
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host-" + UUID.randomUUID();
    }
  }
}
