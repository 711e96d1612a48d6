package dev.sallyport.ledger.store;

import dev.sallyport.model.TenantId;

/**
 * Entries that something besides the ledger still needs whole: for each tenant, the lowest index a
 * consumer (a SIEM sink that has not exported it yet) still has to read. {@link Retention} never
 * removes the body of that entry or of any later one.
 */
@FunctionalInterface
public interface RetentionHold {
  /** Nothing held: retention is limited by time and checkpoints only. */
  RetentionHold NONE = tenant -> Long.MAX_VALUE;

  /**
   * The lowest index of the tenant's log still needed, {@link Long#MAX_VALUE} when none is.
   *
   * @throws RuntimeException when it cannot be told; retention then removes nothing
   */
  long heldFrom(TenantId tenant);
}
