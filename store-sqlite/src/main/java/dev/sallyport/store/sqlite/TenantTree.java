package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileAppender;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The writer's view of one tenant's Merkle tree: a {@link TileAppender} resumed from {@code
 * ledger_tiles}, after checking that the stored tree and the stored events agree.
 */
final class TenantTree {
  private final TenantId tenant;
  private final TileAppender appender;

  private TenantTree(TenantId tenant, TileAppender appender) {
    this.tenant = tenant;
    this.appender = appender;
  }

  /**
   * Loads the tree's right edge from the database.
   *
   * @throws StoreException when events and tree disagree, or the tree's edge is damaged: a database
   *     edited behind Sallyport's back, or written by a build without the ledger; the log then
   *     takes no more appends
   */
  static TenantTree load(Connection connection, TenantId tenant) throws SQLException {
    long events;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_events WHERE tenant = ?")) {
      select.setString(1, tenant.value());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        events = rows.getLong(1);
      }
    }
    TileAppender appender;
    try (SqliteTiles tiles = new SqliteTiles(connection)) {
      appender = TileAppender.resume(tiles.of(tenant));
    } catch (IllegalStateException e) {
      throw new StoreException(
          "the ledger tree of tenant " + tenant + " is damaged; refusing to append", e);
    }
    if (events != appender.size()) {
      throw new StoreException(
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

  long size() {
    return appender.size();
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
