package dev.durable;

/** {@link FailureAndResumeTest} on PostgreSQL. */
class PostgresFailureAndResumeTest extends FailureAndResumeTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
