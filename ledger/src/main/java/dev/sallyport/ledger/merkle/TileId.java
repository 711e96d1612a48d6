package dev.sallyport.ledger.merkle;

/**
 * Where a {@link Tile} sits: tile {@code index} of tile level {@code level} holds the hashes of the
 * tree nodes at level {@code Tile.HEIGHT * level} with indices {@code Tile.WIDTH * index} to {@code
 * Tile.WIDTH * index + Tile.WIDTH - 1} (the coordinates of c2sp.org/tlog-tiles, with tiles of
 * height {@value Tile#HEIGHT}).
 */
public record TileId(int level, long index) {
  /**
   * The highest tile level: it holds tree level 60, the last multiple of the height a {@link
   * NodeId} allows.
   */
  public static final int MAX_LEVEL = 62 / Tile.HEIGHT;

  public TileId {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("tile level must be 0.." + MAX_LEVEL + ", was " + level);
    }
    if (index < 0 || index > Long.MAX_VALUE >>> (Tile.HEIGHT * (level + 1))) {
      throw new IllegalArgumentException("tile index out of range: " + index);
    }
  }

  /** The tile that holds the hashes {@code node} is computed from. */
  static TileId holding(NodeId node) {
    int height = node.level() % Tile.HEIGHT;
    return new TileId(node.level() / Tile.HEIGHT, node.index() >>> (Tile.HEIGHT - height));
  }

  @Override
  public String toString() {
    return level + "/" + index;
  }
}
