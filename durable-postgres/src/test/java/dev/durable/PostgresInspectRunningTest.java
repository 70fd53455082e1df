package dev.durable;

/** {@link InspectRunningTest} on PostgreSQL. */
class PostgresInspectRunningTest extends InspectRunningTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
