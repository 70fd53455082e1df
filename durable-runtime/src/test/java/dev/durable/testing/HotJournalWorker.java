package dev.durable.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Child JVM that leaves what a kill during a database's creation leaves: it writes the first
 * transaction of a new file in rollback-journal mode (as SQLite does when a new database is switched
 * to WAL), lets pages spill into the file, prints {@code #IN_TRANSACTION} and waits to be killed.
 * The file then has a hot {@code -journal} beside it. Argument: the database path.
 */
public final class HotJournalWorker {
  private HotJournalWorker() {}

  public static void main(String[] args) throws Exception {
    CrashWorker.selfDestructAfter(120_000);
    Path db = Path.of(args[0]);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
    Statement s = c.createStatement();
    s.execute("PRAGMA journal_mode = DELETE");
    // A tiny page cache, so that the transaction's pages spill into the database file before COMMIT.
    s.execute("PRAGMA cache_size = 4");
    s.execute("BEGIN IMMEDIATE");
    s.execute("CREATE TABLE half_created (v TEXT)");
    s.execute("INSERT INTO half_created SELECT hex(randomblob(400)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
        + " SELECT i + 1 FROM n WHERE i < 3000) SELECT i FROM n)");
    System.out.println("#IN_TRANSACTION");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
