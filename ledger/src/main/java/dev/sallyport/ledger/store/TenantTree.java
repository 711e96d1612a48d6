package dev.sallyport.ledger.store;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileAppender;
import dev.sallyport.model.TenantId;
import java.util.List;

/**
 * The writer's view of one tenant's Merkle tree: a {@link TileAppender} resumed from the stored
 * tiles, after checking that the stored tree and the stored events agree.
 */
final class TenantTree {
  private final TenantId tenant;
  private final TileAppender appender;

  private TenantTree(TenantId tenant, TileAppender appender) {
    this.tenant = tenant;
    this.appender = appender;
  }

  /**
   * Loads the tree's right edge.
   *
   * @throws LedgerStoreException when events and tree disagree, or the tree's edge is damaged: a
   *     database edited behind Sallyport's back; the log then takes no more appends
   */
  static TenantTree load(AuditStorage.Writer writer, TenantId tenant) {
    long events = writer.events(tenant);
    TileAppender appender;
    try {
      appender = TileAppender.resume(writer.tiles(tenant));
    } catch (IllegalStateException e) {
      throw new LedgerStoreException(
          "the ledger tree of tenant " + tenant + " is damaged; refusing to append", e);
    }
    if (events != appender.size()) {
      throw new LedgerStoreException(
          "the ledger of tenant "
              + tenant
              + " has "
              + events
              + " events but "
              + appender.size()
              + " leaves; refusing to append",
          null);
    }
    return new TenantTree(tenant, appender);
  }

  /** Appends a leaf; returns its index. */
  long append(Hash leaf) {
    return appender.append(leaf);
  }

  /** The tiles the appends since the last call changed, to write in the same transaction. */
  List<Tile> takeChangedTiles() {
    return appender.takeChangedTiles();
  }

  TenantId tenant() {
    return tenant;
  }
}
