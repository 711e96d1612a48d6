/**
 * The ledger's storage ports ({@code dev.sallyport.ledger.store}) over plain JDBC, written once in
 * the SQL that SQLite and PostgreSQL both accept: {@link
 * dev.sallyport.store.jdbc.JdbcAuditStorage}, {@link dev.sallyport.store.jdbc.JdbcLedgerStorage},
 * {@link dev.sallyport.store.jdbc.JdbcRetentionStorage} and the tile table {@link
 * dev.sallyport.store.jdbc.JdbcTiles}. A backend (store-sqlite, store-postgres) brings the schema,
 * its migrations and a {@link dev.sallyport.store.jdbc.Connector} that sets up its connections.
 */
package dev.sallyport.store.jdbc;
