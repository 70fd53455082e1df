/**
 * Not API. May change without notice. The workflow store as the engine sees it: a small interface
 * and its records, with no database in them. Implementations live in a package of their own ({@code
 * sqlite}).
 */
package dev.durable.internal.store;
