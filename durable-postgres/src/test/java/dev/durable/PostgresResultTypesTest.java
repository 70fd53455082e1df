package dev.durable;

/** {@link ResultTypesTest} on PostgreSQL. */
class PostgresResultTypesTest extends ResultTypesTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
