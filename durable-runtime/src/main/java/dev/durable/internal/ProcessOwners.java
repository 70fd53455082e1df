package dev.durable.internal;

import dev.durable.internal.store.OwnerLiveness;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Names the engines of this process, and decides whether an engine named that way elsewhere on
 * this host is gone, so that its crashed runs are taken over at once instead of when their lease
 * expires.
 *
 * <p>An owner string is {@code host|bootId|pidNamespace|pid|startTicks|uuid}. A verdict of "gone"
 * is given only when the owner ran under the same kernel boot ({@code /proc/sys/kernel/random/boot_id})
 * and in the same pid namespace ({@code /proc/self/ns/pid}) as this process, so that its pid means
 * the same process here, and then only if that pid no longer exists or belongs to a process started
 * at another clock tick since boot ({@code /proc/<pid>/stat}, field 22). Whenever anything does not
 * match or cannot be read, the owner counts as alive and only its lease decides.
 *
 * <p>Why these identities (issue 20): host name and pid alone declared a live engine dead when it ran
 * in another pid namespace on a host of the same name (containers of one pod), and a start time in
 * wall-clock milliseconds, which the JDK derives from a boot time that moves when the clock is
 * stepped, declared every older JVM dead after an NTP step. Ticks since boot never move, and the pid
 * namespace and boot id make a pid comparable. Off Linux there is no {@code /proc}: owners there are
 * left to their leases.
 */
public final class ProcessOwners implements OwnerLiveness {
  private static final String UNKNOWN = "-";

  private final Path proc;
  private final String host;
  private final String bootId;
  private final String pidNamespace;
  private final long pid;
  private final String startTicks;

  /** This process as {@code /proc} describes it. */
  public static ProcessOwners forThisProcess() {
    return new ProcessOwners(Path.of("/proc"), ProcessHandle.current().pid(), hostName());
  }

  /**
   * @param proc where procfs is mounted (tests pass a directory of their own)
   * @param pid this process's pid, as {@code getpid()} gives it
   */
  ProcessOwners(Path proc, long pid, String host) {
    this.proc = proc;
    this.host = host;
    this.pid = pid;
    // A procfs of another pid namespace (mounted without --mount-proc in a new namespace) would
    // describe other processes under our pids: then we can vouch for nobody, ourselves included.
    boolean ownView = Long.toString(pid).equals(readLink(proc.resolve("self")));
    this.bootId = ownView ? firstLine(proc.resolve("sys/kernel/random/boot_id")) : UNKNOWN;
    this.pidNamespace = ownView ? namespaceOf(readLink(proc.resolve("self/ns/pid"))) : UNKNOWN;
    this.startTicks = ownView ? startTicksOf(pid) : UNKNOWN;
  }

  /** A new owner string for an engine of this process; unique, so two engines of one JVM differ. */
  public String newOwner() {
    return host + "|" + bootId + "|" + pidNamespace + "|" + pid + "|" + startTicks + "|" + UUID.randomUUID();
  }

  @Override
  public boolean mayBeAlive(String owner) {
    String[] parts = owner.split("\\|", -1);
    if (parts.length != 6 || UNKNOWN.equals(bootId) || UNKNOWN.equals(pidNamespace) || UNKNOWN.equals(startTicks)
        || !parts[1].equals(bootId) || !parts[2].equals(pidNamespace) || UNKNOWN.equals(parts[4])) {
      // Another machine, boot, namespace or version, or an owner whose identity was unknown to itself.
      return true;
    }
    long ownerPid;
    try {
      ownerPid = Long.parseLong(parts[3]);
    } catch (NumberFormatException e) {
      return true;
    }
    String actual = startTicksOf(ownerPid);
    if (actual == null) {
      return false;
    }
    // UNKNOWN: the process exists but its start cannot be read; trust the lease.
    return UNKNOWN.equals(actual) || actual.equals(parts[4]);
  }

  /** Field 22 of {@code /proc/<pid>/stat}; null if there is no such process; {@link #UNKNOWN} if unreadable. */
  private String startTicksOf(long processId) {
    String stat;
    try {
      stat = Files.readString(proc.resolve(processId + "/stat"), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
    // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
    int end = stat.lastIndexOf(')');
    String[] fields = end < 0 ? new String[0] : stat.substring(end + 1).trim().split("\\s+");
    // fields[0] is field 3 (the state); field 22 is fields[19].
    return fields.length > 19 && fields[19].chars().allMatch(Character::isDigit) ? fields[19] : UNKNOWN;
  }

  private static String namespaceOf(String link) {
    // "pid:[4026531836]"
    if (link == null || !link.startsWith("pid:[") || !link.endsWith("]")) {
      return UNKNOWN;
    }
    return link.substring(5, link.length() - 1);
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  private static String firstLine(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return text.isEmpty() || text.contains("|") ? UNKNOWN : text;
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  private static String hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      String name = Files.isReadable(kernel)
          ? Files.readString(kernel, StandardCharsets.UTF_8).trim()
          : InetAddress.getLocalHost().getHostName();
      return name.replace('|', '_');
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
