package dev.sallyport.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InMemoryMerkleNodes;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.merkle.ProofBuilder;
import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileAppender;
import dev.sallyport.ledger.merkle.TileId;
import dev.sallyport.ledger.merkle.TileStore;
import dev.sallyport.ledger.merkle.TiledMerkleNodes;
import dev.sallyport.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache of full upper tiles: proofs through it equal the reference while the tree grows, it
 * keeps only full tiles above the leaves, and a proof then reads only the tiles it does not hold.
 */
class UpperTileCacheTest {
  private static final TenantId ACME = TenantId.of("acme");

  private final MerkleHasher hasher = new MerkleHasher();

  /** Tiles in memory, like a table keyed by tile id; records which tiles each read asked for. */
  private static final class RecordingTiles implements TileStore {
    final Map<TileId, Tile> stored = new HashMap<>();
    final List<TileId> asked = new ArrayList<>();

    @Override
    public long size() {
      long size = 0;
      for (Tile tile : stored.values()) {
        if (tile.id().level() == 0) {
          size = Math.max(size, tile.id().index() * Tile.WIDTH + tile.width());
        }
      }
      return size;
    }

    @Override
    public Map<TileId, Tile> tiles(Collection<TileId> ids) {
      asked.addAll(ids);
      Map<TileId, Tile> found = new HashMap<>();
      for (TileId id : ids) {
        if (stored.containsKey(id)) {
          found.put(id, stored.get(id));
        }
      }
      return found;
    }
  }

  private Hash leaf(long n) {
    return hasher.leafHash(("entry " + n).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void proofsThroughTheCacheEqualTheReferenceWhileTheTreeGrows() {
    RecordingTiles store = new RecordingTiles();
    UpperTileCache cache = new UpperTileCache(1000);
    InMemoryMerkleNodes reference = new InMemoryMerkleNodes();
    TileAppender appender = TileAppender.empty();
    for (long n = 0; n < 5000; n++) {
      appender.append(leaf(n));
      reference.appendLeaf(leaf(n));
      if (n % 97 == 0 || n == 4999) {
        for (Tile tile : appender.takeChangedTiles()) {
          store.stored.put(tile.id(), tile);
        }
        long size = n + 1;
        ProofBuilder cached = new ProofBuilder(new TiledMerkleNodes(cache.around(ACME, store)));
        ProofBuilder expected = new ProofBuilder(reference);
        assertThat(cached.root(size)).isEqualTo(expected.root(size));
        for (long index : new long[] {0, size / 3, size / 2, size - 1}) {
          assertThat(cached.inclusion(index, size)).isEqualTo(expected.inclusion(index, size));
        }
        if (size > 17) {
          assertThat(cached.consistency(17, size)).isEqualTo(expected.consistency(17, size));
        }
      }
    }
  }

  @Test
  void keepsOnlyFullTilesAboveTheLeavesAndReadsTheRestEveryTime() {
    RecordingTiles store = new RecordingTiles();
    TileAppender appender = TileAppender.empty();
    for (long n = 0; n < 4096 + 100; n++) {
      appender.append(leaf(n));
    }
    for (Tile tile : appender.takeChangedTiles()) {
      store.stored.put(tile.id(), tile);
    }
    UpperTileCache cache = new UpperTileCache(1000);
    ProofBuilder proofs = new ProofBuilder(new TiledMerkleNodes(cache.around(ACME, store)));
    proofs.inclusion(1234, 4196);
    store.asked.clear();

    proofs.inclusion(1234, 4196);

    // The leaf tile and the partial tiles of the right border, never a full tile above the leaves.
    assertThat(store.asked).isNotEmpty();
    assertThat(store.asked)
        .allMatch(id ->
            id.level() == 0
                || store.stored.get(id) == null
                || store.stored.get(id).width() < Tile.WIDTH);
    assertThat(store.asked).contains(new TileId(0, 1234 / Tile.WIDTH));
  }

  @Test
  void tenantsDoNotShareCachedTiles() {
    RecordingTiles acme = new RecordingTiles();
    RecordingTiles globex = new RecordingTiles();
    TileAppender acmeTree = TileAppender.empty();
    TileAppender globexTree = TileAppender.empty();
    for (long n = 0; n < 512; n++) {
      acmeTree.append(leaf(n));
      globexTree.append(leaf(n + 1_000_000));
    }
    acmeTree.takeChangedTiles().forEach(tile -> acme.stored.put(tile.id(), tile));
    globexTree.takeChangedTiles().forEach(tile -> globex.stored.put(tile.id(), tile));
    UpperTileCache cache = new UpperTileCache(1000);

    Hash acmeRoot = new ProofBuilder(new TiledMerkleNodes(cache.around(ACME, acme))).root(512);
    Hash globexRoot =
        new ProofBuilder(new TiledMerkleNodes(cache.around(TenantId.of("globex"), globex)))
            .root(512);

    assertThat(globexRoot).isNotEqualTo(acmeRoot);
    InMemoryMerkleNodes reference = new InMemoryMerkleNodes();
    for (long n = 0; n < 512; n++) {
      reference.appendLeaf(leaf(n + 1_000_000));
    }
    assertThat(globexRoot).isEqualTo(new ProofBuilder(reference).root(512));
  }
}
