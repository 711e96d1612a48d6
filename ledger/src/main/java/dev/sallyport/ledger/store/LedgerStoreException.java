package dev.sallyport.ledger.store;

/**
 * The ledger's storage could not do what was asked, or holds something the ledger refuses to build
 * on (a tree inconsistent with a signed checkpoint, a checkpoint that does not verify). Callers
 * deny rather than guess.
 */
public class LedgerStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
