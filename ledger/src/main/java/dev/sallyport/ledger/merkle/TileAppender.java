package dev.sallyport.ledger.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The right edge of a tiled tree, held by the one writer that appends to it: the size, the root of
 * each perfect subtree that still waits for a right sibling, and the rightmost tile of each level,
 * which may be partial. Appending leaves yields the tiles that changed ({@link #takeChangedTiles}),
 * which the writer stores in the same transaction as the entries, so the stored tree never
 * disagrees with the stored entries.
 *
 * <p>A group commit of 64 entries changes about four full tiles of level 0, one of level 1 and the
 * partial tile at the edge of each higher level the batch reached: a handful of writes instead of
 * one per node.
 *
 * <p>Not thread-safe. When a write fails, discard the appender and {@link #resume} from what the
 * store committed.
 */
public final class TileAppender {
  private final MerkleHasher hasher = new MerkleHasher();
  // frontier[l]: the root of the perfect subtree of 2^l leaves waiting for a sibling, when bit l of
  // size is set.
  private final byte[][] frontier = new byte[64][Hash.LENGTH];
  // edges[t]: the hashes of the rightmost tile of tile level t, (size >>> HEIGHT * t) % WIDTH of
  // them.
  private final byte[][] edges = new byte[TileId.MAX_LEVEL + 1][Tile.WIDTH * Hash.LENGTH];
  private final boolean[] edgeChanged = new boolean[TileId.MAX_LEVEL + 1];
  private final List<Tile> filled = new ArrayList<>();
  private final byte[] carry = new byte[Hash.LENGTH];
  private long size;

  private TileAppender(long size) {
    this.size = size;
  }

  /** An appender for a tree with no leaves yet. */
  public static TileAppender empty() {
    return new TileAppender(0);
  }

  /**
   * The appender for the tree in {@code store}, which only this appender will write to. Reads the
   * partial tile at the edge of every level, one round trip.
   *
   * @throws IllegalStateException when an edge tile is missing or not exactly as wide as the size
   *     of level 0 implies: a damaged store, which a writer MUST NOT extend
   */
  public static TileAppender resume(TileStore store) {
    long size = store.size();
    TileAppender appender = new TileAppender(size);
    List<TileId> edgeIds = new ArrayList<>();
    for (int level = 0; level <= TileId.MAX_LEVEL; level++) {
      long nodes = size >>> (Tile.HEIGHT * level);
      if (nodes % Tile.WIDTH != 0) {
        edgeIds.add(new TileId(level, nodes / Tile.WIDTH));
      }
    }
    Map<TileId, Tile> tiles = store.tiles(edgeIds);
    byte[] scratch = new byte[Tile.WIDTH / 2 * Hash.LENGTH];
    for (TileId id : edgeIds) {
      long nodes = size >>> (Tile.HEIGHT * id.level());
      int width = (int) (nodes % Tile.WIDTH);
      Tile tile = tiles.get(id);
      if (tile == null || !tile.id().equals(id) || tile.width() != width) {
        throw new IllegalStateException(
            "the tree of "
                + size
                + " leaves is damaged: its edge tile "
                + id
                + " should hold "
                + width
                + " hashes but "
                + (tile == null ? "is missing" : "holds " + tile.width()));
      }
      byte[] hashes = tile.hashes();
      System.arraycopy(hashes, 0, appender.edges[id.level()], 0, hashes.length);
      // Every waiting subtree of levels HEIGHT * t to HEIGHT * t + HEIGHT - 1 lies in this tile:
      // bit r of 'nodes' says one of 2^r of its hashes waits, the last 2^r of the full groups.
      for (int r = 0; r < Tile.HEIGHT; r++) {
        if ((nodes >>> r & 1) == 1) {
          int offset = (int) ((((nodes >>> r) - 1) << r) % Tile.WIDTH);
          tile.subtreeHash(
              offset, r, appender.hasher, scratch, appender.frontier[Tile.HEIGHT * id.level() + r]);
        }
      }
    }
    return appender;
  }

  /** Number of leaves appended, including those the store held when resumed. */
  public long size() {
    return size;
  }

  /** Appends a leaf hash; returns its index. */
  public long append(Hash leafHash) {
    long index = size;
    if (index == Long.MAX_VALUE) {
      throw new IllegalStateException("the log is full");
    }
    leafHash.copyTo(carry, 0);
    int level = 0;
    long position = index;
    completed(0, position);
    while ((position & 1) == 1) {
      hasher.nodeHash(frontier[level], carry, carry);
      level++;
      position >>>= 1;
      completed(level, position);
    }
    System.arraycopy(carry, 0, frontier[level], 0, Hash.LENGTH);
    size = index + 1;
    return index;
  }

  /**
   * The tiles that changed since the last call: each tile that filled up, and the partial edge tile
   * of each level that grew. Writing them (replacing any stored tile of the same id) makes the
   * store hold exactly the tree of {@link #size()} leaves.
   */
  public List<Tile> takeChangedTiles() {
    List<Tile> changed = new ArrayList<>(filled);
    filled.clear();
    for (int level = 0; level <= TileId.MAX_LEVEL; level++) {
      if (edgeChanged[level]) {
        long nodes = size >>> (Tile.HEIGHT * level);
        changed.add(
            Tile.of(
                new TileId(level, nodes / Tile.WIDTH), edges[level], (int) (nodes % Tile.WIDTH)));
        edgeChanged[level] = false;
      }
    }
    return changed;
  }

  /** Node ({@code level}, {@code position}) now has its final hash in {@link #carry}. */
  private void completed(int level, long position) {
    if (level % Tile.HEIGHT != 0) {
      return;
    }
    int tileLevel = level / Tile.HEIGHT;
    int slot = (int) (position % Tile.WIDTH);
    System.arraycopy(carry, 0, edges[tileLevel], slot * Hash.LENGTH, Hash.LENGTH);
    if (slot == Tile.WIDTH - 1) {
      filled.add(Tile.of(new TileId(tileLevel, position / Tile.WIDTH), edges[tileLevel]));
      edgeChanged[tileLevel] = false;
    } else {
      edgeChanged[tileLevel] = true;
    }
  }
}
