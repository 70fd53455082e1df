package dev.durable;

/** {@link TwoEnginesTest} on PostgreSQL. */
class PostgresTwoEnginesTest extends TwoEnginesTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
