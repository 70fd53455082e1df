package dev.durable;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the engine tests that every store must pass: memoization, parallel keys, failures,
 * retries, leases and takeover, inspect, forget, timers, events, children, cancellation. Its tests
 * open engines with {@link #builder(String)} only, so that they run unchanged on SQLite here and on
 * PostgreSQL in {@code durable-postgres}, whose subclasses override {@link #openStore()}.
 */
public abstract class StoreContract {
  /** For the tests' own files (ledgers); SQLite's databases live here too. */
  @TempDir protected Path dir;

  private StoreUnderTest store;

  /** The store under test; SQLite files in {@link #dir} unless a subclass says otherwise. */
  protected StoreUnderTest openStore() {
    return new SqliteUnderTest(dir);
  }

  /** This test's store, opened on first use. */
  protected final StoreUnderTest store() {
    if (store == null) {
      store = openStore();
    }
    return store;
  }

  /** A builder for an engine on this test's database {@code name}. */
  protected final DurableEngine.Builder builder(String name) {
    return store().builder(name);
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
