package dev.durable;

/** {@link ForkTest} on PostgreSQL. */
class PostgresForkTest extends ForkTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
