package dev.sallyport.store.postgres;

import dev.sallyport.ledger.store.LedgerBackend;
import dev.sallyport.ledger.store.LedgerContract;

/** The Ledger contract on the local PostgreSQL, in a schema of its own per test. */
class PostgresLedgerTest extends LedgerContract {
  @Override
  protected LedgerBackend newBackend() {
    return new PostgresBackend();
  }
}
