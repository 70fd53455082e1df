package dev.durable;

/** {@link LifecycleTest} on PostgreSQL. */
class PostgresLifecycleTest extends LifecycleTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
