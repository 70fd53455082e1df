package dev.durable;

/** {@link MemoizationTest} on PostgreSQL. */
class PostgresMemoizationTest extends MemoizationTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
