package dev.sallyport.ledger.store;

import java.util.Optional;

/**
 * One row of a tenant's event table as stored.
 *
 * @param index the entry's index in the log
 * @param body the event's canonical bytes, or empty when retention removed them
 */
public record StoredRow(long index, Optional<byte[]> body) {}
