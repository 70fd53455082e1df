package dev.durable;

/**
 * The databases of one contract test (see {@link StoreContract}): the same name gives the same
 * database within a test, different names give separate ones, as files in a directory would.
 */
public interface StoreUnderTest extends AutoCloseable {
  /** A builder for an engine on the database named {@code name}, created if missing. */
  DurableEngine.Builder builder(String name);

  /**
   * Runs one statement (with string parameters) on Durable's tables in the database named {@code
   * name}, to stage what only a crash would leave; the engines on it must be closed.
   */
  void sql(String name, String statement, String... args);

  /** Drops what the test created. */
  @Override
  void close();
}
