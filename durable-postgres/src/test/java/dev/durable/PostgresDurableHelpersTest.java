package dev.durable;

/** {@link DurableHelpersTest} on PostgreSQL. */
class PostgresDurableHelpersTest extends DurableHelpersTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
