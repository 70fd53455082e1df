package dev.durable.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.DurableStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-open header check against another process closing the database at the same moment
 * (issue 20 D). That close's last checkpoint writes page 1, with the new page count, before the
 * pages that extend the file, then deletes the write-ahead log; reads that straddle it see a file
 * shorter than its header says and no log. These tests replay exactly those reads.
 */
class SqliteFileCheckTest {
  @TempDir Path dir;
  private Path db;
  private byte[] header;
  private long size;

  @BeforeEach
  void healthyDatabase() throws SQLException, IOException {
    db = dir.resolve("healthy.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v TEXT)");
      s.execute("INSERT INTO t SELECT hex(randomblob(500)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT i FROM n)");
    }
    header = Arrays.copyOf(Files.readAllBytes(db), 100);
    size = Files.size(db);
  }

  /** One pass of reads: (write-ahead log present, size); the header is always the healthy file's. */
  private record Pass(boolean log, long size) {}

  private SqliteFileCheck.FileReads replaying(Pass... passes) {
    Deque<Pass> left = new ArrayDeque<>(List.of(passes));
    return new SqliteFileCheck.FileReads() {
      private Pass current;

      @Override
      public boolean hasWriteAheadLog() {
        current = left.size() > 1 ? left.poll() : left.peek();
        return current.log();
      }

      @Override
      public boolean hasRollbackJournal() {
        return false;
      }

      @Override
      public byte[] header() {
        return header.clone();
      }

      @Override
      public long size() {
        return current.size();
      }
    };
  }

  @Test
  void aFileSeenMidCheckpoint_thenWhole_isAccepted() {
    // First pass: the log already deleted, page 1 already new, the size read before the growth.
    assertThatCode(() -> SqliteFileCheck.checkHeader(db, replaying(new Pass(false, 4096), new Pass(false, size))))
        .doesNotThrowAnyException();
  }

  @Test
  void aFileThatChangesOnEveryPass_isInUse_notCutShort() {
    assertThatCode(() -> SqliteFileCheck.checkHeader(db, replaying(new Pass(false, 4096), new Pass(false, 8192),
        new Pass(false, 12288), new Pass(false, 16384), new Pass(false, 20480), new Pass(false, 24576), new Pass(false, 28672),
        new Pass(false, 32768), new Pass(false, 36864), new Pass(false, 40960), new Pass(false, 45056), new Pass(false, 49152),
        new Pass(false, 53248), new Pass(false, 57344), new Pass(false, 61440), new Pass(false, 65536), new Pass(false, 69632),
        new Pass(false, 73728), new Pass(false, 77824), new Pass(false, 81920), new Pass(false, 86016))))
        .doesNotThrowAnyException();
  }

  @Test
  void aFileThatStaysCutShort_isRefused_withTheMessageItHadBefore() {
    assertThatThrownBy(() -> SqliteFileCheck.checkHeader(db, replaying(new Pass(false, 4096))))
        .isInstanceOf(DurableStoreException.class)
        .hasMessageContaining("is truncated: it has 4096 bytes but its header describes " + size)
        .hasMessageContaining("Durable leaves it unchanged");
  }

  @Test
  void aFileCutShortWithItsLogBesideIt_isAccepted_sqliteCompletesIt() {
    assertThatCode(() -> SqliteFileCheck.checkHeader(db, replaying(new Pass(true, 4096)))).doesNotThrowAnyException();
  }

  @Test
  void onDisk_aHealthyFile_passes_andARealCutShortCopy_isRefused() throws IOException {
    assertThatCode(() -> SqliteFileCheck.checkHeader(db)).doesNotThrowAnyException();
    Path cut = dir.resolve("cut.db");
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(db), 4096));
    assertThatThrownBy(() -> SqliteFileCheck.checkHeader(cut)).isInstanceOf(DurableStoreException.class)
        .hasMessageContaining("is truncated");
  }
}
