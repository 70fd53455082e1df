package dev.durable;

/** {@link EventsAndChildrenTest} on PostgreSQL. */
class PostgresEventsAndChildrenTest extends EventsAndChildrenTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
