/**
 * Not API. May change without notice. The workflow store: a small interface, its records, and the
 * SQLite implementation with its schema migrations and group commit.
 */
package dev.durable.internal.store;
