package dev.durable.internal.store;

import dev.durable.Durability;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the engine's builder says about its store, for a {@link StoreProvider}.
 *
 * @param jdbcUrl the database's JDBC URL; null when {@code dataSource} is given
 * @param dataSource the application's own connections; null when {@code jdbcUrl} is given
 * @param properties connection properties given through the builder ({@code user}, {@code password},
 *     {@code schema}, ...); a URL's own parameters are the provider's to read
 * @param durability what a completed step survives
 * @param lockTimeout how long a write waits for another process's lock
 * @param leaseDuration how long an owner's claim on a run holds without renewal
 * @param shareAllowed whether the database may hold the application's own tables where the store
 *     would otherwise refuse them
 * @param liveness decides which owners are gone
 */
public record StoreSettings(
    String jdbcUrl,
    DataSource dataSource,
    Map<String, String> properties,
    Durability durability,
    Duration lockTimeout,
    Duration leaseDuration,
    boolean shareAllowed,
    OwnerLiveness liveness) {
  public StoreSettings {
    properties = Map.copyOf(properties);
  }

  /** A property given through the builder, or {@code fallback}. */
  public String property(String name, String fallback) {
    return properties.getOrDefault(name, fallback);
  }
}
