/**
 * The audit port: every stage of the path writes what it did through {@link
 * dev.sallyport.ledger.AuditLog}. Storage lives in adapters (for example {@code store-sqlite}); the
 * tamper-evident Merkle ledger replaces the storage behind this interface without changing its
 * callers.
 */
package dev.sallyport.ledger;
