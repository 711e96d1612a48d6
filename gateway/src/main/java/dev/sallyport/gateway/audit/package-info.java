/**
 * Audit: turns what each stage did into {@link dev.sallyport.ledger.AuditEvent}s and writes them
 * through the {@link dev.sallyport.ledger.AuditLog} port. Events carry digests, never payloads.
 */
package dev.sallyport.gateway.audit;
