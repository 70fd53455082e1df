package dev.durable;

/** {@link ListenerTest} on PostgreSQL. */
class PostgresListenerTest extends ListenerTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
