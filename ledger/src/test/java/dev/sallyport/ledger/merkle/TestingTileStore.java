package dev.sallyport.ledger.merkle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link TileStore} in memory that, like a table keyed by tile id, keeps the last write. */
final class TestingTileStore implements TileStore {
  final Map<TileId, Tile> tiles = new HashMap<>();
  int reads;

  void write(List<Tile> changed) {
    for (Tile tile : changed) {
      tiles.put(tile.id(), tile);
    }
  }

  @Override
  public long size() {
    Tile last = null;
    for (Tile tile : tiles.values()) {
      if (tile.id().level() == 0 && (last == null || tile.id().index() > last.id().index())) {
        last = tile;
      }
    }
    return last == null ? 0 : last.id().index() * Tile.WIDTH + last.width();
  }

  @Override
  public Map<TileId, Tile> tiles(Collection<TileId> ids) {
    reads++;
    Map<TileId, Tile> found = new HashMap<>();
    for (TileId id : ids) {
      Tile tile = tiles.get(id);
      if (tile != null) {
        found.put(id, tile);
      }
    }
    return found;
  }
}
