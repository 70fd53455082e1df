/**
 * Not API. May change without notice. The engine's implementation: proxies, step execution, replay,
 * the SQLite store and its schema.
 */
package dev.durable.internal;
