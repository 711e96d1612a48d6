package dev.sallyport.store.postgres;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileId;
import dev.sallyport.ledger.merkle.TileStore;
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
 * The tenants' trees in table {@code ledger_tiles} on one connection, used under its lock: a row
 * per {@link Tile}, so that a proof reads a handful of rows in one query and a group commit writes
 * a handful.
 */
final class PostgresTiles {
  /**
   * Writes a tile a {@link dev.sallyport.ledger.merkle.TileAppender} produced: a new one, or a
   * longer version of the stored one that starts with it. Anything else changes no row, which
   * {@link #write} turns into a failed commit.
   */
  static final String UPSERT =
      "INSERT INTO ledger_tiles (tenant, level, idx, hashes) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (tenant, level, idx) DO UPDATE SET hashes = excluded.hashes"
          + " WHERE length(excluded.hashes) > length(ledger_tiles.hashes)"
          + " AND substr(excluded.hashes, 1, length(ledger_tiles.hashes)) = ledger_tiles.hashes";

  /** Most tiles one read asks for. */
  private static final int MAX_TILES = 256;

  private final Connection connection;

  PostgresTiles(Connection connection) {
    this.connection = connection;
  }

  /** Adds {@code tiles} to {@code upsert} (a statement of {@link #UPSERT}) as one batch. */
  static void addBatch(PreparedStatement upsert, TenantId tenant, List<Tile> tiles)
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
   * @throws PostgresStoreException when a tile was not written because the stored one is not a
   *     prefix of it: the tree in the database is not the one the writer extends
   */
  static void write(PreparedStatement upsert) throws SQLException {
    for (int count : upsert.executeBatch()) {
      if (count != 1) {
        throw new PostgresStoreException(
            "a stored tile of the ledger is not the one the writer extends; refusing to overwrite"
                + " it",
            null);
      }
    }
  }

  /** One tenant's tree, as the Merkle code reads it. */
  TileStore of(TenantId tenant) {
    return new TileStore() {
      @Override
      public long size() {
        return PostgresTiles.this.size(tenant);
      }

      @Override
      public Map<TileId, Tile> tiles(Collection<TileId> ids) {
        return PostgresTiles.this.tiles(tenant, ids);
      }
    };
  }

  /** Number of leaves in the tenant's tree: what its last leaf tile says. */
  long size(TenantId tenant) {
    synchronized (connection) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT idx, length(hashes) FROM ledger_tiles WHERE tenant = ? AND level = 0"
                  + " ORDER BY idx DESC LIMIT 1")) {
        select.setString(1, tenant.value());
        try (ResultSet rows = select.executeQuery()) {
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
            throw new PostgresStoreException(
                "the last leaf tile of tenant " + tenant + " is damaged (" + length + " bytes)",
                null);
          }
          return index * Tile.WIDTH + length / Hash.LENGTH;
        }
      } catch (SQLException e) {
        throw new PostgresStoreException("cannot read the ledger", e);
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
    int[] levels = new int[ids.size()];
    long[] indices = new long[ids.size()];
    int i = 0;
    for (TileId id : ids) {
      levels[i] = id.level();
      indices[i] = id.index();
      i++;
    }
    Map<TileId, Tile> found = new HashMap<>();
    synchronized (connection) {
      // Two arrays instead of a statement per count: one plan, whatever the number of tiles.
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT t.level, t.idx, t.hashes FROM ledger_tiles t"
                  + " JOIN unnest(?::integer[], ?::bigint[]) AS w(level, idx)"
                  + " ON t.level = w.level AND t.idx = w.idx WHERE t.tenant = ?")) {
        select.setArray(1, connection.createArrayOf("integer", box(levels)));
        select.setArray(2, connection.createArrayOf("bigint", box(indices)));
        select.setString(3, tenant.value());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            TileId id = new TileId(rows.getInt(1), rows.getLong(2));
            found.put(id, tile(tenant, id, rows.getBytes(3)));
          }
        }
      } catch (SQLException e) {
        throw new PostgresStoreException("cannot read the ledger", e);
      }
    }
    return found;
  }

  private static Integer[] box(int[] values) {
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  private static Long[] box(long[] values) {
    Long[] boxed = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  private static Tile tile(TenantId tenant, TileId id, byte[] hashes) {
    try {
      return Tile.of(id, hashes == null ? new byte[0] : hashes);
    } catch (IllegalArgumentException e) {
      throw new PostgresStoreException("tile " + id + " of tenant " + tenant + " is damaged", e);
    }
  }
}
