package dev.durable.postgres;

import dev.durable.Durability;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.StoreSettings;
import dev.durable.internal.store.WorkflowStore;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/** Opens stores directly, below the engine, for tests of the store's own contract. */
final class TestStores {
  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

  private TestStores() {}

  static WorkflowStore open(String url, OwnerLiveness liveness) {
    return new PostgresStoreProvider().open(new StoreSettings(url, null, Map.of(), Durability.SURVIVES_POWER_LOSS,
        LOCK_TIMEOUT, Duration.ofSeconds(60), false, liveness));
  }

  static WorkflowStore open(DataSource dataSource, OwnerLiveness liveness) {
    return new PostgresStoreProvider().open(new StoreSettings(null, dataSource, Map.of(),
        Durability.SURVIVES_POWER_LOSS, LOCK_TIMEOUT, Duration.ofSeconds(60), false, liveness));
  }

  static NewWorkflow run(String id) {
    return new NewWorkflow(id, "Test", "dev.durable.Test", "run()", "[]", null);
  }

  static StepRecord completed(String position, String output) {
    return new StepRecord(position, "step" + position, StepStatus.COMPLETED, 1, output, 1, 2L);
  }
}
