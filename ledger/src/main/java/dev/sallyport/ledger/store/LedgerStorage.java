package dev.sallyport.ledger.store;

import dev.sallyport.ledger.merkle.TileStore;
import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * What {@link Ledger} reads and writes of a backend: the tree's tiles, the event rows and the
 * signed checkpoints. Implementations return what is stored, never a repaired or made-up value;
 * every failure is an unchecked exception. They must be safe for concurrent use.
 */
public interface LedgerStorage extends AutoCloseable {
  /** Tenants that have a tree, in id order. */
  List<TenantId> tenants();

  /** The tenant's tree. */
  TileStore tiles(TenantId tenant);

  /**
   * The event rows of {@code [start, end)} that exist, in index order (a deleted row is simply not
   * there; a pruned one has no body). Asked for at most {@value Ledger#ROWS_PER_READ} at a time.
   */
  List<StoredRow> rows(TenantId tenant, long start, long end);

  /** The tenant's signed checkpoint notes as stored, largest size first, at most {@code limit}. */
  List<byte[]> checkpointNotes(TenantId tenant, int limit);

  /** Stores a signed checkpoint note of the given tree size. */
  void insertCheckpoint(TenantId tenant, long size, byte[] note, Instant signedAt);

  @Override
  void close();
}
