/**
 * Not API. May change without notice. The SQLite implementation of the workflow store: opening and
 * schema migrations, group commit, the step log and its folding, and the started-marker files.
 */
package dev.durable.internal.store.sqlite;
