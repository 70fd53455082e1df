package dev.durable;

/** {@link PatchTest} on PostgreSQL. */
class PostgresPatchTest extends PatchTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
