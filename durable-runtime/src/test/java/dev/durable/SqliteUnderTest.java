package dev.durable;

import java.nio.file.Path;

/** Contract tests on SQLite: each database is a file in the test's temporary directory. */
final class SqliteUnderTest implements StoreUnderTest {
  private final Path dir;

  SqliteUnderTest(Path dir) {
    this.dir = dir;
  }

  @Override
  public DurableEngine.Builder builder(String name) {
    return DurableEngine.builder(file(name));
  }

  @Override
  public void sql(String name, String statement, String... args) {
    Testing.sql(file(name), statement, args);
  }

  private Path file(String name) {
    return dir.resolve(name + ".db");
  }

  @Override
  public void close() {
    // The files go with JUnit's temporary directory.
  }
}
