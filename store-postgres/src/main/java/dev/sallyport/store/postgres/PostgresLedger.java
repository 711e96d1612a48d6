package dev.sallyport.store.postgres;

import dev.sallyport.ledger.store.Ledger;
import dev.sallyport.ledger.store.SigningKeys;
import dev.sallyport.store.jdbc.JdbcLedgerStorage;
import java.time.Clock;

/**
 * The read side of the ledger on PostgreSQL ({@link Ledger}): signed checkpoints, proofs and export
 * bundles over what {@link PostgresAuditLog} appended, on a connection of its own.
 */
public final class PostgresLedger extends Ledger {
  public PostgresLedger(PostgresDatabase database, SigningKeys keys, Clock clock) {
    super(new JdbcLedgerStorage(database::connect), keys, clock);
  }
}
