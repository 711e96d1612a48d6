package dev.sallyport.ledger.store;

import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileStore;
import dev.sallyport.model.TenantId;
import java.util.List;

/**
 * What {@link GroupCommitAuditLog} needs of a backend: one {@link Writer} for its writer thread,
 * and reads on a connection of their own. Every failure is an unchecked exception.
 */
public interface AuditStorage extends AutoCloseable {
  /** A writer on its own connection; used by one thread only. */
  Writer openWriter();

  /**
   * The tenant's event rows from {@code from} in index order, at most {@code limit} (a pruned row
   * has no body).
   */
  List<StoredRow> rows(TenantId tenant, long from, int limit);

  /** Number of events of the tenant: highest index plus one, 0 when none. */
  long size(TenantId tenant);

  /** True when the read connection still answers. */
  boolean isValid();

  @Override
  void close();

  /**
   * One transaction at a time: {@link #insertEvent} and {@link #writeTiles} queue rows, {@link
   * #commit} writes them all and commits, or throws having written nothing.
   */
  interface Writer extends AutoCloseable {
    /** Committed events of the tenant: highest index plus one. */
    long events(TenantId tenant);

    /** The tenant's committed tree, to resume appending to it. */
    TileStore tiles(TenantId tenant);

    void insertEvent(TenantId tenant, long index, String id, String time, String type, byte[] body);

    /**
     * Queues tiles a {@link dev.sallyport.ledger.merkle.TileAppender} produced. The commit MUST
     * fail unless each one is new or a longer version of the stored tile that starts with it: the
     * writer then extends a tree that changed behind its back, and must not overwrite it.
     */
    void writeTiles(TenantId tenant, List<Tile> tiles);

    /** Writes what was queued in one transaction and commits it; on failure, rolls back. */
    void commit();

    /** Drops what was queued and rolls back whatever was begun; never throws. */
    void rollback();

    @Override
    void close();
  }
}
