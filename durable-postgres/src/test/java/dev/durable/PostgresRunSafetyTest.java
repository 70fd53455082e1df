package dev.durable;

/** {@link RunSafetyTest} on PostgreSQL. */
class PostgresRunSafetyTest extends RunSafetyTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
