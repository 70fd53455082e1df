package dev.durable;

/** {@link ReplayVerificationTest} on PostgreSQL. */
class PostgresReplayVerificationTest extends ReplayVerificationTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
