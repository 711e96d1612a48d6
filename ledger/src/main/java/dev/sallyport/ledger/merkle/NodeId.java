package dev.sallyport.ledger.merkle;

/**
 * A perfect subtree: the {@code 2^level} leaves starting at leaf {@code index * 2^level}. Level 0
 * is the leaves themselves. Every node of an RFC 6962 tree that storage keeps is one of these; the
 * roots of trees whose size is not a power of two are combined from them and never stored.
 */
public record NodeId(int level, long index) {
  public NodeId {
    if (level < 0 || level > 62) {
      throw new IllegalArgumentException("node level must be 0..62, was " + level);
    }
    if (index < 0 || index > (Long.MAX_VALUE >>> level) - 1) {
      throw new IllegalArgumentException("node index out of range: " + index);
    }
  }

  /** The first leaf this subtree covers. */
  public long firstLeaf() {
    return index << level;
  }

  /** One past the last leaf this subtree covers. */
  public long endLeaf() {
    return (index + 1) << level;
  }
}
