package dev.durable.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes files truly unwritable, and disks truly full, for the bad-input tests. Tests run as root
 * in CI containers, where {@code chmod} stops nobody; so as root a file is made immutable with
 * {@code chattr +i} (which binds root too), and otherwise read-only with permissions. A full disk is
 * a small tmpfs mounted for the test (root only). Callers check {@link #probeUnwritable} and skip,
 * with the reason, where the machine allows neither.
 */
public final class Filesystems {
  private Filesystems() {}

  public static boolean isRoot() {
    return run("id", "-u").strip().equals("0");
  }

  /** Makes each path (file or directory) unwritable; returns whether the means to do it existed. */
  public static boolean makeReadOnly(Path... paths) {
    for (Path p : paths) {
      if (isRoot()) {
        if (!ok("chattr", "+i", p.toString())) {
          return false;
        }
      } else {
        try {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
        } catch (IOException e) {
          return false;
        }
      }
    }
    return true;
  }

  public static void makeWritable(Path... paths) {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        continue;
      }
      if (isRoot()) {
        if (!ok("chattr", "-i", p.toString())) {
          throw new IllegalStateException("cannot undo chattr +i on " + p);
        }
      } else {
        try {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Whether {@code file} refuses writes (an existing file) or creation (a new name in a read-only directory). */
  public static boolean probeUnwritable(Path file) {
    try {
      if (Files.exists(file)) {
        Files.writeString(file, "", java.nio.file.StandardOpenOption.APPEND);
      } else {
        Files.delete(Files.createFile(file));
      }
      return false;
    } catch (IOException expected) {
      return true;
    }
  }

  /** Mounts a tmpfs of {@code size} (like {@code 2m}) on {@code dir}; false if not permitted here. */
  public static boolean mountTmpfs(Path dir, String size) {
    return isRoot() && ok("mount", "-t", "tmpfs", "-o", "size=" + size, "durable-test", dir.toString());
  }

  public static void resizeTmpfs(Path dir, String size) {
    if (!ok("mount", "-o", "remount,size=" + size, dir.toString())) {
      throw new IllegalStateException("cannot resize the tmpfs on " + dir);
    }
  }

  public static void unmount(Path dir) {
    if (!ok("umount", dir.toString()) && !ok("umount", "-l", dir.toString())) {
      throw new IllegalStateException("cannot unmount " + dir);
    }
  }

  private static boolean ok(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
