package dev.sallyport.ledger.merkle;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link MerkleNodes} over a {@link TileStore}: a node at a tree level that is a multiple of
 * {@value Tile#HEIGHT} is read from its tile, any other is recomputed from the tile below it. All
 * tiles one call needs are fetched in one {@link TileStore#tiles} call; an inclusion proof needs
 * one tile per {@value Tile#HEIGHT} levels of the path, plus those of the tree's right border.
 *
 * <p>Fails closed: a tile that is missing or too short for a node inside the tree is a damaged
 * store and an {@link IllegalStateException}, never a made-up hash. Thread-safe when the store is.
 */
public final class TiledMerkleNodes implements MerkleNodes {
  private final TileStore store;

  public TiledMerkleNodes(TileStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  @Override
  public long size() {
    return store.size();
  }

  /**
   * @throws IllegalArgumentException for a node that is not complete within {@link #size()}
   * @throws IllegalStateException when the store lacks a tile, or hashes of a tile, that a node
   *     inside the tree needs
   */
  @Override
  public List<Hash> hashes(List<NodeId> nodes) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    Set<TileId> wanted = new LinkedHashSet<>();
    for (NodeId node : nodes) {
      wanted.add(TileId.holding(node));
    }
    Map<TileId, Tile> tiles = store.tiles(wanted);
    MerkleHasher hasher = new MerkleHasher();
    byte[] scratch = new byte[Tile.WIDTH / 2 * Hash.LENGTH];
    byte[] out = new byte[Hash.LENGTH];
    List<Hash> hashes = new ArrayList<>(nodes.size());
    for (NodeId node : nodes) {
      TileId id = TileId.holding(node);
      Tile tile = tiles.get(id);
      int height = node.level() % Tile.HEIGHT;
      // The low bits survive the shift even where the high ones would not.
      int offset = (int) ((node.index() << height) & (Tile.WIDTH - 1));
      int end = offset + (1 << height);
      if (tile == null || !tile.id().equals(id) || tile.width() < end) {
        throw unavailable(node, id, tile, end);
      }
      tile.subtreeHash(offset, height, hasher, scratch, out);
      hashes.add(Hash.of(out));
    }
    return hashes;
  }

  /** Tells a request beyond the tree (the caller's mistake) from a damaged store. */
  private RuntimeException unavailable(NodeId node, TileId id, Tile tile, int needed) {
    long size = store.size();
    if (node.endLeaf() > size) {
      return new IllegalArgumentException(
          "node " + node + " is not complete in a tree of " + size + " leaves");
    }
    return new IllegalStateException(
        "the tree of "
            + size
            + " leaves is damaged: node "
            + node
            + " needs "
            + needed
            + " hashes of tile "
            + id
            + ", which "
            + (tile == null ? "is missing" : "holds " + tile.width()));
  }
}
