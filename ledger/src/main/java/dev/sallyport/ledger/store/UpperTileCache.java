package dev.sallyport.ledger.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileId;
import dev.sallyport.ledger.merkle.TileStore;
import dev.sallyport.model.TenantId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded in-memory cache of the full tiles above the leaves (tile level 1 and up) of every
 * tenant's tree, in front of the storage's tiles, so that an inclusion proof reads from the
 * database only its leaf tile and the few partial tiles of the tree's right border.
 *
 * <p>Caching them is safe because a full tile never changes: the writer only ever replaces a tile
 * by a longer one that starts with it, and a full tile has nothing to add. Partial tiles, and leaf
 * tiles (which an export reads to compare stored events with their leaf hashes), always come from
 * the storage. Thread-safe.
 */
final class UpperTileCache {
  private record Key(TenantId tenant, TileId id) {}

  private final Cache<Key, Tile> tiles;

  UpperTileCache(int maximumTiles) {
    this.tiles = Caffeine.newBuilder().maximumSize(maximumTiles).build();
  }

  /** The tenant's tree, read through the cache. */
  TileStore around(TenantId tenant, TileStore store) {
    return new TileStore() {
      @Override
      public long size() {
        return store.size();
      }

      @Override
      public Map<TileId, Tile> tiles(Collection<TileId> ids) {
        Map<TileId, Tile> found = new HashMap<>();
        List<TileId> missing = new ArrayList<>();
        for (TileId id : ids) {
          Tile cached = id.level() > 0 ? tiles.getIfPresent(new Key(tenant, id)) : null;
          if (cached == null) {
            missing.add(id);
          } else {
            found.put(id, cached);
          }
        }
        if (missing.isEmpty()) {
          return found;
        }
        for (Map.Entry<TileId, Tile> read : store.tiles(missing).entrySet()) {
          TileId id = read.getKey();
          Tile tile = read.getValue();
          found.put(id, tile);
          if (id.level() > 0 && tile.width() == Tile.WIDTH && tile.id().equals(id)) {
            tiles.put(new Key(tenant, id), tile);
          }
        }
        return found;
      }
    };
  }
}
