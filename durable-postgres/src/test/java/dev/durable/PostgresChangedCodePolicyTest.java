package dev.durable;

/** {@link ChangedCodePolicyTest} on PostgreSQL. */
class PostgresChangedCodePolicyTest extends ChangedCodePolicyTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
