package dev.sallyport.store.postgres;

import dev.sallyport.ledger.store.LedgerStoreException;

/** PostgreSQL could not do what was asked. Callers deny rather than guess. */
public final class PostgresStoreException extends LedgerStoreException {
  private static final long serialVersionUID = 1L;

  public PostgresStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
