/**
 * Durable's PostgreSQL store: add {@code dev.durable:durable-postgres} and open the engine with a
 * {@code jdbc:postgresql://} URL or a PostgreSQL DataSource. Only {@link
 * dev.durable.postgres.PostgresStoreProvider} is public, for {@link java.util.ServiceLoader}.
 */
package dev.durable.postgres;
