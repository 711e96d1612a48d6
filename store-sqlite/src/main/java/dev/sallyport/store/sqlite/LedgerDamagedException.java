package dev.sallyport.store.sqlite;

/** The stored ledger misses rows; {@link #index()} is the first missing entry. */
public final class LedgerDamagedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long index;

  public LedgerDamagedException(long index, String message) {
    super(message);
    this.index = index;
  }

  public long index() {
    return index;
  }
}
