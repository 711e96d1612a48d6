/**
 * The embedded default store: the audit log and session history in one SQLite file per deployment,
 * schema by Flyway ({@code db/sqlite}). WAL mode with {@code synchronous=FULL}, so a committed
 * transaction survives a crash; appends are group-committed by a single writer.
 */
package dev.sallyport.store.sqlite;
