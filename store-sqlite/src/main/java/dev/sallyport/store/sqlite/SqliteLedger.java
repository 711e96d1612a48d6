package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.store.Ledger;
import java.time.Clock;

/**
 * The read side of the tamper-evident ledger on SQLite ({@link Ledger}): signed checkpoints, proofs
 * and export bundles over what {@link SqliteAuditLog} appended, on a connection of its own.
 */
public final class SqliteLedger extends Ledger {
  public SqliteLedger(SqliteDatabase database, LedgerSigningKeys keys, Clock clock) {
    super(new SqliteLedgerStorage(database), keys, clock);
  }
}
