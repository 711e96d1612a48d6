/**
 * The ledger written once over any storage: group-committed appends ({@link
 * dev.sallyport.ledger.store.GroupCommitAuditLog}), signed checkpoints, proofs and export bundles
 * ({@link dev.sallyport.ledger.store.Ledger}) and retention ({@link
 * dev.sallyport.ledger.store.Retention}). A storage backend (SQLite, PostgreSQL) implements the
 * ports {@link dev.sallyport.ledger.store.AuditStorage}, {@link
 * dev.sallyport.ledger.store.LedgerStorage} and {@link
 * dev.sallyport.ledger.store.RetentionStorage}: rows in, rows out, one transaction where asked.
 * Every rule about what may be signed, exported or pruned lives here, so no backend can weaken it.
 */
package dev.sallyport.ledger.store;
