package dev.sallyport.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The tiled tree against the node-per-hash reference ({@link InMemoryMerkleNodes}): the same roots
 * and proofs at every tile boundary, tiles that survive a write and a resume, and a damaged store
 * that fails instead of answering.
 */
class TiledMerkleNodesTest {
  private final MerkleHasher hasher = new MerkleHasher();
  private final InMemoryMerkleNodes reference = new InMemoryMerkleNodes();
  private final TestingTileStore store = new TestingTileStore();
  private final TiledMerkleNodes tiled = new TiledMerkleNodes(store);
  private TileAppender appender = TileAppender.empty();

  private Hash leaf(long n) {
    return hasher.leafHash(("entry " + n).getBytes(StandardCharsets.UTF_8));
  }

  /** Appends up to {@code size} leaves in group commits of {@code batch}, as the writer does. */
  private void grow(long size, int batch) {
    while (appender.size() < size) {
      long end = Math.min(size, appender.size() + batch);
      while (appender.size() < end) {
        Hash leaf = leaf(appender.size());
        reference.appendLeaf(leaf);
        appender.append(leaf);
      }
      store.write(appender.takeChangedTiles());
    }
  }

  /**
   * Indices worth proving in a tree of {@code size}: both ends, tile edges, and a few at random.
   */
  private static List<Long> indices(long size, Random random) {
    TreeSet<Long> indices = new TreeSet<>();
    for (long edge : new long[] {0, 1, 14, 15, 16, 17, 255, 256, 4095, 4096, 65535, 65536}) {
      if (edge < size) {
        indices.add(edge);
      }
    }
    indices.add(size - 1);
    indices.add(size - 2 < 0 ? 0 : size - 2);
    for (int i = 0; i < 20; i++) {
      indices.add((long) random.nextInt((int) size));
    }
    return new ArrayList<>(indices);
  }

  private void assertSameTreeAsReference(long size, Random random) throws InvalidProofException {
    ProofBuilder expected = new ProofBuilder(reference);
    ProofBuilder actual = new ProofBuilder(tiled);
    Hash root = expected.root(size);
    assertThat(actual.root(size)).as("root of %d", size).isEqualTo(root);
    for (long index : indices(size, random)) {
      InclusionProof proof = actual.inclusion(index, size);
      assertThat(proof)
          .as("inclusion of %d in %d", index, size)
          .isEqualTo(expected.inclusion(index, size));
      proof.verify(leaf(index), root);
    }
    for (long from : indices(size, random)) {
      if (from > 0) {
        assertThat(actual.consistency(from, size))
            .as("consistency of %d with %d", from, size)
            .isEqualTo(expected.consistency(from, size));
      }
    }
  }

  @Test
  void rootsAndProofsEqualTheReferenceAtTileBoundaries() throws InvalidProofException {
    Random random = new Random(7);
    long[] sizes = {1, 2, 15, 16, 17, 31, 255, 256, 257, 4095, 4096, 4097, 65535, 65536, 65537};
    for (long size : sizes) {
      grow(size, 64);
      assertSameTreeAsReference(size, random);
    }
  }

  @Test
  void everySmallTreeMatchesTheReferenceWhateverTheBatchSize() throws InvalidProofException {
    for (int batch : new int[] {1, 3, 16, 17, 100}) {
      TiledMerkleNodesTest fresh = new TiledMerkleNodesTest();
      for (long size = 1; size <= 300; size++) {
        fresh.grow(size, batch);
        ProofBuilder expected = new ProofBuilder(fresh.reference);
        ProofBuilder actual = new ProofBuilder(fresh.tiled);
        assertThat(actual.root(size))
            .as("batch %d, size %d", batch, size)
            .isEqualTo(expected.root(size));
        for (long index = 0; index < size; index += 7) {
          assertThat(actual.inclusion(index, size)).isEqualTo(expected.inclusion(index, size));
        }
      }
    }
  }

  @Test
  void smallerTreesStayProvableAfterTheLogGrew() throws InvalidProofException {
    grow(5000, 64);
    Random random = new Random(11);
    for (long size : new long[] {1, 16, 17, 255, 256, 257, 4096, 4097, 4999}) {
      assertSameTreeAsReference(size, random);
    }
  }

  @Test
  void storesOnlyEveryFourthLevelAndPartialTilesOnlyAtTheEdge() {
    grow(4097, 64);

    // Level 0: 256 full tiles and one holding leaf 4096; level 1 (tree level 4): 16 full tiles;
    // level 2 (tree level 8): one full tile; level 3 (tree level 12): the single node 12/0.
    assertThat(store.tiles).hasSize(257 + 16 + 1 + 1);
    assertThat(store.tiles.get(new TileId(0, 256)).width()).isEqualTo(1);
    assertThat(store.tiles.get(new TileId(1, 15)).width()).isEqualTo(16);
    assertThat(store.tiles.get(new TileId(3, 0)).width()).isEqualTo(1);
    assertThat(store.tiles.values())
        .filteredOn(tile -> tile.width() < Tile.WIDTH)
        .extracting(Tile::id)
        .containsExactlyInAnyOrder(new TileId(0, 256), new TileId(3, 0));
    assertThat(store.size()).isEqualTo(4097);
  }

  @Test
  void aPartialTileIsRewrittenAsItGrows() {
    grow(5, 5);
    Tile before = store.tiles.get(new TileId(0, 0));
    grow(9, 4);
    Tile after = store.tiles.get(new TileId(0, 0));

    assertThat(before.width()).isEqualTo(5);
    assertThat(after.width()).isEqualTo(9);
    byte[] prefix = new byte[5 * Hash.LENGTH];
    System.arraycopy(after.hashes(), 0, prefix, 0, prefix.length);
    assertThat(prefix).isEqualTo(before.hashes());
  }

  @Test
  void aBatchWritesAHandfulOfTiles() {
    grow(100_000, 64);
    appender = TileAppender.resume(store);
    for (int i = 0; i < 64; i++) {
      appender.append(leaf(100_000 + i));
    }

    assertThat(appender.takeChangedTiles()).hasSizeLessThanOrEqualTo(10);
    assertThat(appender.takeChangedTiles()).isEmpty();
  }

  @Test
  void anAppenderResumedFromTheStoreContinuesTheSameTree() throws InvalidProofException {
    Random random = new Random(3);
    for (long size : new long[] {1, 15, 16, 17, 255, 256, 257, 4097, 65537}) {
      TiledMerkleNodesTest fresh = new TiledMerkleNodesTest();
      fresh.grow(size, 64);
      fresh.appender = TileAppender.resume(fresh.store);
      assertThat(fresh.appender.size()).isEqualTo(size);
      fresh.grow(size + 100, 33);
      fresh.assertSameTreeAsReference(size + 100, random);
    }
  }

  @Test
  void aProofReadsTheStoreOnceWithOneTilePerFourLevels() {
    grow(65537, 256);
    store.reads = 0;
    List<NodeId> asked = new ArrayList<>();
    MerkleNodes counting =
        new MerkleNodes() {
          @Override
          public long size() {
            return tiled.size();
          }

          @Override
          public List<Hash> hashes(List<NodeId> nodes) {
            asked.addAll(nodes);
            return tiled.hashes(nodes);
          }
        };

    new ProofBuilder(counting).inclusion(12_345, 65536);

    assertThat(store.reads).isEqualTo(1);
    assertThat(asked.stream().map(TileId::holding).distinct()).hasSize(4);
  }

  @Test
  void aNodeBeyondTheTreeIsTheCallersMistake() {
    grow(20, 20);

    assertThatThrownBy(() -> tiled.hashes(List.of(new NodeId(0, 20))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not complete in a tree of 20 leaves");
    assertThatThrownBy(() -> tiled.hashes(List.of(new NodeId(4, 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingTileInsideTheTreeFailsInsteadOfAnswering() {
    grow(300, 64);
    store.tiles.remove(new TileId(0, 3));

    assertThatThrownBy(() -> new ProofBuilder(tiled).inclusion(50, 300))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tile 0/3, which is missing");
    assertThatThrownBy(() -> tiled.hashes(List.of(new NodeId(0, 49))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTruncatedTileInsideTheTreeFailsInsteadOfAnswering() {
    grow(300, 64);
    Tile whole = store.tiles.get(new TileId(1, 0));
    store.tiles.put(whole.id(), Tile.of(whole.id(), whole.hashes(), 10));

    assertThatThrownBy(() -> new ProofBuilder(tiled).inclusion(0, 300))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds 10");
  }

  @Test
  void resumingADamagedEdgeRefusesToAppend() {
    grow(300, 64);
    Tile edge = store.tiles.get(new TileId(1, 1));
    assertThat(edge.width()).isEqualTo(2);
    store.tiles.put(edge.id(), Tile.of(edge.id(), edge.hashes(), 1));

    assertThatThrownBy(() -> TileAppender.resume(store))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("edge tile 1/1 should hold 2 hashes but holds 1");
  }

  @Test
  void tilesHoldOneToSixteenWholeHashes() {
    TileId id = new TileId(0, 0);

    assertThatThrownBy(() -> Tile.of(id, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tile.of(id, new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tile.of(id, new byte[17 * 32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Tile.of(id, new byte[16 * 32]).width()).isEqualTo(16);
    assertThatThrownBy(() -> new TileId(16, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TileId(0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTileIsACopyOfWhatItWasGiven() {
    byte[] hashes = new byte[2 * 32];
    Tile tile = Tile.of(new TileId(0, 0), hashes);
    hashes[0] = 1;
    tile.hashes()[1] = 1;

    assertThat(tile.hashes()).isEqualTo(new byte[2 * 32]);
  }
}
