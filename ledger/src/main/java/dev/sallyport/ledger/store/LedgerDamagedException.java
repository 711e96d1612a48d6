package dev.sallyport.ledger.store;

/** The stored ledger misses rows; {@link #index()} is the first missing entry. */
public final class LedgerDamagedException extends LedgerStoreException {
  private static final long serialVersionUID = 1L;

  private final long index;

  public LedgerDamagedException(long index, String message) {
    super(message, null);
    this.index = index;
  }

  public long index() {
    return index;
  }
}
