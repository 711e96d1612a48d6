/**
 * The ledger on PostgreSQL: the ports of {@code dev.sallyport.ledger.store} ({@link
 * dev.sallyport.store.postgres.PostgresAuditLog}, {@link
 * dev.sallyport.store.postgres.PostgresLedger}, {@link
 * dev.sallyport.store.postgres.PostgresRetention}) over the tables of one schema, which {@link
 * dev.sallyport.store.postgres.PostgresDatabase} creates and migrates with Flyway. The same store
 * contract tests run against it as against SQLite.
 */
package dev.sallyport.store.postgres;
