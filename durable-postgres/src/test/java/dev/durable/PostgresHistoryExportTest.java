package dev.durable;

/** {@link HistoryExportTest} on PostgreSQL. */
class PostgresHistoryExportTest extends HistoryExportTest {
  @Override
  protected StoreUnderTest openStore() {
    return new PostgresUnderTest();
  }
}
