package dev.sallyport.store.postgres;

import dev.sallyport.ledger.store.LedgerBackend;
import dev.sallyport.ledger.store.RetentionContract;

/** The Retention contract on the local PostgreSQL, in a schema of its own per test. */
class PostgresRetentionTest extends RetentionContract {
  @Override
  protected LedgerBackend newBackend() {
    return new PostgresBackend();
  }
}
