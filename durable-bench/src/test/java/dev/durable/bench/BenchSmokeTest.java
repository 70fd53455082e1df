package dev.durable.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every row with tiny sizes: the harness works and the table is complete. The numbers mean nothing. */
class BenchSmokeTest {
  @TempDir Path dir;

  @Test
  void quickRun_printsEveryRowWithAVerdict() throws Exception {
    String report = BenchMain.run(BenchConfig.quick(), dir, BenchMain.ALL_ROWS, null, line -> { });

    assertThat(report).contains("Machine:", "cores", "JDK", "Database directory");
    for (String row : new String[] {"1", "2a", "2b", "2c", "2d", "2e", "3", "4", "4b", "5a", "5b", "5c", "5d", "5e", "6", "7a", "7b", "7c", "7d", "7e", "8a", "8b", "8c"}) {
      assertThat(report).as("row %s in:%n%s", row, report).containsPattern("(?m)^\\| " + row + " +\\|.*\\| (PASS|MISS|INFO) +\\|$");
    }
  }
}
