package dev.sallyport.ledger.merkle;

import java.util.Arrays;

/**
 * The root of a growing log, computed in one pass with O(log n) memory: it keeps the root of each
 * maximal perfect subtree of the leaves seen so far (one per set bit of the size), merging them as
 * leaves arrive. Appending allocates nothing, so a verifier can stream millions of entries.
 *
 * <p>Not thread-safe.
 */
public final class CompactRange {
  private final MerkleHasher hasher = new MerkleHasher();
  // subtrees[l] is the root of the perfect subtree of 2^l leaves when bit l of size is set.
  private final byte[][] subtrees = new byte[64][Hash.LENGTH];
  private final byte[] carry = new byte[Hash.LENGTH];
  private long size;

  /** Appends one leaf hash, read from {@code leafHash[offset, offset + 32)}. */
  public void append(byte[] leafHash, int offset) {
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("log is full");
    }
    System.arraycopy(leafHash, offset, carry, 0, Hash.LENGTH);
    int level = 0;
    for (long s = size; (s & 1) == 1; s >>>= 1) {
      hasher.nodeHash(subtrees[level], carry, carry);
      level++;
    }
    System.arraycopy(carry, 0, subtrees[level], 0, Hash.LENGTH);
    size++;
  }

  public void append(Hash leafHash) {
    leafHash.copyTo(carry, 0);
    append(Arrays.copyOf(carry, Hash.LENGTH), 0);
  }

  /** Number of leaves appended. */
  public long size() {
    return size;
  }

  /** The RFC 6962 root of the leaves appended so far. */
  public Hash root() {
    if (size == 0) {
      return hasher.emptyRoot();
    }
    int level = Long.numberOfTrailingZeros(size);
    byte[] root = subtrees[level].clone();
    for (level++; level < 64; level++) {
      if (((size >>> level) & 1) == 1) {
        hasher.nodeHash(subtrees[level], root, root);
      }
    }
    return Hash.of(root);
  }
}
