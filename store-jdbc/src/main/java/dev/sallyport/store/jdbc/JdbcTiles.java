package dev.sallyport.store.jdbc;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileId;
import dev.sallyport.ledger.merkle.TileStore;
import dev.sallyport.ledger.store.LedgerStoreException;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenants' trees in table {@code ledger_tiles} on one connection: a row per {@link Tile} (tile
 * level, tile index, 1 to 16 hashes back to back), so that a proof reads a handful of rows in one
 * query and a group commit writes a handful.
 *
 * <p>Read statements are prepared once and kept: preparing them took a sixth of a proof. Every
 * method holds the connection's lock while it uses them, as the other users of a shared connection
 * do.
 */
public final class JdbcTiles implements AutoCloseable {
  /**
   * Writes a tile that the writer's {@link dev.sallyport.ledger.merkle.TileAppender} produced: a
   * new one, or a longer version of the stored one. Anything else (a tile the writer does not
   * extend, because the table changed behind its back) changes no row, which {@link #write} turns
   * into a failed commit.
   */
  public static final String UPSERT =
      "INSERT INTO ledger_tiles (tenant, level, idx, hashes) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (tenant, level, idx) DO UPDATE SET hashes = excluded.hashes"
          + " WHERE length(excluded.hashes) > length(ledger_tiles.hashes)"
          + " AND substr(excluded.hashes, 1, length(ledger_tiles.hashes)) = ledger_tiles.hashes";

  /** Most tiles one read asks for: the two proofs of a consistency check need fewer than 140. */
  private static final int MAX_TILES = 256;

  private final Connection connection;
  // byCount[n]: the query for n tiles, prepared on first use.
  private final PreparedStatement[] byCount = new PreparedStatement[MAX_TILES + 1];
  private PreparedStatement lastLeafTile;

  public JdbcTiles(Connection connection) {
    this.connection = connection;
  }

  /** Adds {@code tiles} to {@code upsert} (a statement of {@link #UPSERT}) as one batch. */
  public static void addBatch(PreparedStatement upsert, TenantId tenant, List<Tile> tiles)
      throws SQLException {
    for (Tile tile : tiles) {
      upsert.setString(1, tenant.value());
      upsert.setInt(2, tile.id().level());
      upsert.setLong(3, tile.id().index());
      upsert.setBytes(4, tile.hashes());
      upsert.addBatch();
    }
  }

  /**
   * Runs the batch of {@link #addBatch}.
   *
   * @throws LedgerStoreException when a tile was not written because the stored one is not a prefix
   *     of it: the tree in the database is not the one the writer extends
   */
  public static void write(PreparedStatement upsert) throws SQLException {
    for (int count : upsert.executeBatch()) {
      if (count != 1) {
        throw new LedgerStoreException(
            "a stored tile of the ledger is not the one the writer extends; refusing to overwrite"
                + " it",
            null);
      }
    }
  }

  /** One tenant's tree, as the Merkle code reads it. */
  public TileStore of(TenantId tenant) {
    return new TileStore() {
      @Override
      public long size() {
        return JdbcTiles.this.size(tenant);
      }

      @Override
      public Map<TileId, Tile> tiles(Collection<TileId> ids) {
        return JdbcTiles.this.tiles(tenant, ids);
      }
    };
  }

  /** Number of leaves in the tenant's tree: what its last leaf tile says. */
  long size(TenantId tenant) {
    synchronized (connection) {
      try {
        if (lastLeafTile == null) {
          lastLeafTile =
              connection.prepareStatement(
                  "SELECT idx, length(hashes) FROM ledger_tiles WHERE tenant = ? AND level = 0"
                      + " ORDER BY idx DESC LIMIT 1");
        }
        lastLeafTile.setString(1, tenant.value());
        try (ResultSet rows = lastLeafTile.executeQuery()) {
          if (!rows.next()) {
            return 0;
          }
          long index = rows.getLong(1);
          long length = rows.getLong(2);
          if (length < Hash.LENGTH
              || length > Tile.WIDTH * Hash.LENGTH
              || length % Hash.LENGTH != 0
              || index < 0
              || index > (Long.MAX_VALUE - Tile.WIDTH) / Tile.WIDTH) {
            throw new LedgerStoreException(
                "the last leaf tile of tenant " + tenant + " is damaged (" + length + " bytes)",
                null);
          }
          return index * Tile.WIDTH + length / Hash.LENGTH;
        }
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot read the ledger", e);
      }
    }
  }

  /** The tiles among {@code ids} that the tenant's tree holds, in one query. */
  Map<TileId, Tile> tiles(TenantId tenant, Collection<TileId> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    if (ids.size() > MAX_TILES) {
      throw new IllegalArgumentException("at most " + MAX_TILES + " tiles a read");
    }
    Map<TileId, Tile> found = new HashMap<>();
    synchronized (connection) {
      try {
        PreparedStatement select = byCount[ids.size()];
        if (select == null) {
          StringBuilder sql =
              new StringBuilder(
                  "SELECT level, idx, hashes FROM ledger_tiles WHERE tenant = ?"
                      + " AND (level, idx) IN (VALUES ");
          for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
          }
          select = connection.prepareStatement(sql.append(')').toString());
          byCount[ids.size()] = select;
        }
        select.setString(1, tenant.value());
        int parameter = 2;
        for (TileId id : ids) {
          select.setInt(parameter++, id.level());
          select.setLong(parameter++, id.index());
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            TileId id = new TileId(rows.getInt(1), rows.getLong(2));
            found.put(id, tile(tenant, id, rows.getBytes(3)));
          }
        }
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot read the ledger", e);
      }
    }
    return found;
  }

  @Override
  public void close() {
    synchronized (connection) {
      try {
        if (lastLeafTile != null) {
          lastLeafTile.close();
        }
        for (PreparedStatement select : byCount) {
          if (select != null) {
            select.close();
          }
        }
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot close the ledger's statements", e);
      }
    }
  }

  private static Tile tile(TenantId tenant, TileId id, byte[] hashes) {
    try {
      return Tile.of(id, hashes == null ? new byte[0] : hashes);
    } catch (IllegalArgumentException e) {
      throw new LedgerStoreException("tile " + id + " of tenant " + tenant + " is damaged", e);
    }
  }
}
