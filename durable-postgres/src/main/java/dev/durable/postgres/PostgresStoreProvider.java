package dev.durable.postgres;

import dev.durable.internal.store.StoreProvider;
import dev.durable.internal.store.StoreSettings;
import dev.durable.internal.store.WorkflowStore;
import java.sql.SQLException;

/**
 * Opens Durable's PostgreSQL store for {@code jdbc:postgresql:} URLs and for DataSources of a
 * PostgreSQL database; found by the engine through {@link java.util.ServiceLoader}. Durable's tables
 * live in a schema of their own ({@code durable} unless the builder names another), created on first
 * use, so the application's tables may share the database.
 */
public final class PostgresStoreProvider implements StoreProvider {
  /** The prefix of the JDBC URLs this provider opens. */
  public static final String PREFIX = "jdbc:postgresql:";

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public String urlPrefix() {
    return PREFIX;
  }

  @Override
  public boolean acceptsProduct(String productName) {
    return "PostgreSQL".equalsIgnoreCase(productName);
  }

  @Override
  public WorkflowStore open(StoreSettings settings) {
    PostgresSchema schema = PostgresSchema.named(settings.property("schema", "durable"));
    PostgresDatabase database;
    if (settings.dataSource() != null) {
      try {
        database = PostgresDatabase.fromDataSource(settings.dataSource());
      } catch (SQLException e) {
        throw new PostgresErrors("the application's DataSource", null, null, schema.name(), null, settings.lockTimeout())
            .translate("connecting through the DataSource given to Durable", e);
      }
    } else {
      database = PostgresDatabase.fromUrl(settings.jdbcUrl(), settings.properties(), settings.lockTimeout(),
          settings.durability() == dev.durable.Durability.SURVIVES_POWER_LOSS);
    }
    return PostgresWorkflowStore.open(database, schema, settings);
  }
}
