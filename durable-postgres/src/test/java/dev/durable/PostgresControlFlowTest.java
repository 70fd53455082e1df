package dev.durable;

/** {@link ControlFlowTest} on PostgreSQL. */
class PostgresControlFlowTest extends ControlFlowTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
