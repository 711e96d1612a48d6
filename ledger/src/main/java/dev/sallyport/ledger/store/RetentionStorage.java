package dev.sallyport.ledger.store;

import dev.sallyport.model.TenantId;

/** What {@link Retention} writes: bodies removed together with the tenant's retention mark. */
public interface RetentionStorage extends AutoCloseable {
  /** Below this index every body of the tenant's log was removed by an earlier run; 0 if none. */
  long prunedBelow(TenantId tenant);

  /**
   * In one transaction: removes the bodies of the tenant's entries {@code [from, to)} (rows, index
   * and leaf hash stay) and raises the retention mark to {@code to}. Either both happen or neither.
   *
   * @throws RuntimeException when the transaction failed; it was rolled back
   */
  void removeBodies(TenantId tenant, long from, long to);

  @Override
  void close();
}
