package dev.sallyport.store.postgres;

import dev.sallyport.ledger.store.AuditLogContract;
import dev.sallyport.ledger.store.LedgerBackend;

/** The AuditLog contract on the local PostgreSQL, in a schema of its own per test. */
class PostgresAuditLogTest extends AuditLogContract {
  @Override
  protected LedgerBackend newBackend() {
    return new PostgresBackend();
  }
}
