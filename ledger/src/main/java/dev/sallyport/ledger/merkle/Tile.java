package dev.sallyport.ledger.merkle;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Up to {@value #WIDTH} consecutive node hashes of one tree level, stored together (the tiles of
 * c2sp.org/tlog-tiles, {@value #HEIGHT} levels high instead of 8). The nodes of the {@value
 * #HEIGHT} - 1 levels above them are not stored: each is recomputed from the tile, at most 7
 * hashes. The rightmost tile of a level is partial until it fills; its stored form is rewritten as
 * it grows, and only ever by appending.
 *
 * <p>Why height 4: a proof reads one tile per {@value #HEIGHT} tree levels and recomputes the
 * siblings inside each, 2^h - h - 1 hashes per tile. At height 8 that is 247 hashes per tile, about
 * 85 µs of hashing per proof at ten million leaves (115 ns a hash here); at height 4 it is 11,
 * about 8 µs, for two or three more small rows per group commit.
 *
 * <p>Immutable.
 */
public final class Tile {
  /** Tree levels a tile spans. */
  public static final int HEIGHT = 4;

  /** Hashes in a full tile: 2^{@value #HEIGHT}. */
  public static final int WIDTH = 1 << HEIGHT;

  private final TileId id;
  private final byte[] hashes;

  private Tile(TileId id, byte[] hashes) {
    this.id = id;
    this.hashes = hashes;
  }

  /**
   * A tile holding the first {@code width} hashes of {@code hashes} (32 bytes each, left to right),
   * copied.
   */
  public static Tile of(TileId id, byte[] hashes, int width) {
    requireNonNull(id, "id is null");
    requireNonNull(hashes, "hashes is null");
    if (width < 1 || width > WIDTH || hashes.length < width * Hash.LENGTH) {
      throw new IllegalArgumentException(
          "a tile holds 1 to "
              + WIDTH
              + " hashes, not "
              + width
              + " in "
              + hashes.length
              + " bytes");
    }
    return new Tile(id, Arrays.copyOf(hashes, width * Hash.LENGTH));
  }

  /**
   * A tile as stored: {@code hashes} MUST be 1 to {@value #WIDTH} hashes of 32 bytes back to back.
   */
  public static Tile of(TileId id, byte[] hashes) {
    requireNonNull(hashes, "hashes is null");
    if (hashes.length % Hash.LENGTH != 0) {
      throw new IllegalArgumentException(
          "a tile holds whole 32-byte hashes, not " + hashes.length + " bytes");
    }
    return of(id, hashes, hashes.length / Hash.LENGTH);
  }

  public TileId id() {
    return id;
  }

  /** Number of hashes held, 1 to {@value #WIDTH}. */
  public int width() {
    return hashes.length / Hash.LENGTH;
  }

  /** A copy of the hashes, 32 bytes each, left to right. */
  public byte[] hashes() {
    return hashes.clone();
  }

  /**
   * Writes into {@code out} the root of the perfect subtree over the {@code 2^height} hashes
   * starting at position {@code offset}: the tile's own hash when {@code height} is 0.
   *
   * @param scratch at least half a tile, {@code WIDTH / 2 * 32} bytes, that the fold overwrites
   */
  void subtreeHash(int offset, int height, MerkleHasher hasher, byte[] scratch, byte[] out) {
    int count = 1 << height;
    if (offset < 0 || height < 0 || height >= HEIGHT || offset + count > width()) {
      throw new IllegalArgumentException(
          "tile "
              + id
              + " of width "
              + width()
              + " has no subtree of height "
              + height
              + " at "
              + offset);
    }
    if (height == 0) {
      System.arraycopy(hashes, offset * Hash.LENGTH, out, 0, Hash.LENGTH);
      return;
    }
    // Pairwise, level by level: the first pass reads the tile, later ones fold the scratch in
    // place.
    byte[] source = hashes;
    int base = offset * Hash.LENGTH;
    for (int n = count; n > 1; n >>>= 1) {
      for (int i = 0; i < n / 2; i++) {
        hasher.nodeHash(
            source,
            base + 2 * i * Hash.LENGTH,
            source,
            base + (2 * i + 1) * Hash.LENGTH,
            scratch,
            i * Hash.LENGTH);
      }
      source = scratch;
      base = 0;
    }
    System.arraycopy(scratch, 0, out, 0, Hash.LENGTH);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tile tile && id.equals(tile.id) && Arrays.equals(hashes, tile.hashes);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(hashes);
  }

  @Override
  public String toString() {
    return "tile " + id + " (" + width() + " hashes)";
  }
}
