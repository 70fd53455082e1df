package dev.durable.processor.rules;

import dev.durable.processor.Messages;

/** {@code DurableNoIo}: I/O and environment reads belong in steps, whose results are recorded. */
final class NoIoRule extends BannedMemberRule {
  static final String ID = "DurableNoIo";

  private static final MemberTable BANNED =
      new MemberTable()
          .add(
              Messages.IO,
              "java.io.File#*",
              "java.io.FileInputStream#<init>",
              "java.io.FileOutputStream#<init>",
              "java.io.FileReader#<init>",
              "java.io.FileWriter#<init>",
              "java.io.PrintStream#<init>(java.lang.String)",
              "java.io.PrintWriter#<init>(java.lang.String)",
              "java.io.RandomAccessFile#*",
              // Files touches the file system. Path.of/Paths.get only build a name and are allowed;
              // Path methods that touch the disk are listed one by one.
              "java.nio.file.Files#*",
              "java.nio.file.Path#toRealPath",
              "java.nio.file.FileSystems#*",
              "java.nio.channels.FileChannel#open",
              "java.net.URL#openConnection",
              "java.net.URL#openStream",
              "java.net.URL#getContent",
              "java.net.URLConnection#*",
              "java.net.Socket#*",
              "java.net.ServerSocket#*",
              "java.net.DatagramSocket#*",
              "java.nio.channels.SocketChannel#open",
              // DNS answers change; URI and URL as values are fine.
              "java.net.InetAddress#getBy*",
              "java.net.InetAddress#getAllByName",
              "java.net.InetAddress#getLocalHost",
              "java.net.http.HttpClient#*",
              "java.sql.DriverManager#*",
              "java.sql.Connection#*",
              "java.sql.Statement#*",
              "javax.sql.DataSource#getConnection",
              "java.lang.System#getenv",
              "java.lang.System#getProperty",
              "java.lang.System#getProperties",
              // System properties read through the boxed types.
              "java.lang.Boolean#getBoolean",
              "java.lang.Integer#getInteger",
              "java.lang.Long#getLong",
              "java.lang.System#console",
              "java.lang.System#in",
              "java.lang.Runtime#exec",
              // Contested: the machine a replay runs on may have other resources.
              "java.lang.Runtime#availableProcessors",
              "java.lang.Runtime#freeMemory",
              "java.lang.Runtime#totalMemory",
              "java.lang.Runtime#maxMemory",
              "java.lang.ProcessBuilder#*",
              "java.lang.ProcessHandle#*")
          .add(
              Messages.MACHINE_DEFAULTS,
              "java.time.ZoneId#systemDefault",
              "java.util.TimeZone#getDefault",
              "java.util.Locale#getDefault",
              "java.nio.charset.Charset#defaultCharset");

  NoIoRule() {
    super(
        ID,
        "Files, network, JDBC, processes and environment reads (System.getenv/getProperty,"
            + " System.in, the default time zone and locale)",
        BANNED);
  }
}
