package dev.durable.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** What the numbers were measured on: they mean little without it. */
final class Machine {
  private Machine() {}

  static String describe(Path dataDir) {
    Runtime rt = Runtime.getRuntime();
    return String.join("\n",
        "- CPU: " + cpuModel() + ", " + rt.availableProcessors() + " cores available to the JVM",
        "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + ", max heap " + rt.maxMemory() / (1024 * 1024) + " MiB",
        "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")",
        "- Database directory: " + dataDir + " on " + fileSystem(dataDir),
        "- SQLite " + sqliteVersion() + " (sqlite-jdbc), WAL mode",
        "- Load average at the start: " + loadAverage() + " (other processes share these cores and this disk)");
  }

  /** The 1-, 5- and 15-minute load averages, or "unknown". */
  /**
   * Nanoseconds the whole machine's CPUs have been busy (not idle, not waiting for I/O) since boot,
   * from {@code /proc/stat}; -1 where there is none. The difference over an interval is the work of
   * every process in it, the database server's included.
   */
  static long busyCpuNanos() {
    try {
      String line = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      long busy = 0;
      // cpu user nice system idle iowait irq softirq steal ...
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy * (1_000_000_000L / 100); // USER_HZ is 100 on Linux
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through.
    }
    return System.getProperty("os.arch") + " (model unknown)";
  }

  /** The type and device of the mount holding {@code dir}, from /proc/mounts (longest matching mount point). */
  static String fileSystem(Path dir) {
    try {
      String path = dir.toRealPath().toString();
      String best = null;
      int bestLength = -1;
      for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
        List<String> f = List.of(line.split(" "));
        if (f.size() < 3) {
          continue;
        }
        String mount = f.get(1).replace("\\040", " ");
        boolean contains = path.equals(mount) || path.startsWith(mount.endsWith("/") ? mount : mount + "/");
        if (contains && mount.length() > bestLength) {
          bestLength = mount.length();
          best = f.get(2) + " (" + f.get(0) + " mounted on " + mount + ")";
        }
      }
      if (best != null) {
        return best;
      }
      return Files.getFileStore(dir).type();
    } catch (IOException | RuntimeException e) {
      return "unknown file system";
    }
  }

  private static String sqliteVersion() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
      return rs.next() ? rs.getString(1) : "?";
    } catch (SQLException e) {
      return "?";
    }
  }
}
