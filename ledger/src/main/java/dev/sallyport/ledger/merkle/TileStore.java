package dev.sallyport.ledger.merkle;

import java.util.Collection;
import java.util.Map;

/**
 * Where a log keeps its tree as {@link Tile}s: a row, object or file per tile, so that a group
 * commit of a few dozen entries writes a handful of tiles and a proof reads one tile per {@value
 * Tile#HEIGHT} tree levels. {@link TiledMerkleNodes} reads a tree from it; {@link TileAppender}
 * produces the tiles to write.
 */
public interface TileStore {
  /**
   * Number of leaves: {@value Tile#WIDTH} times the index of the last tile of level 0, plus its
   * width; 0 when there is none.
   */
  long size();

  /**
   * The tiles among {@code ids} that the store holds, by id, read in one round trip. A tile that is
   * absent is left out and the caller decides whether that is a wrong request or a damaged store; a
   * tile MUST be returned as stored, never made up or padded. A single call asks for at most about
   * 140 tiles.
   */
  Map<TileId, Tile> tiles(Collection<TileId> ids);
}
