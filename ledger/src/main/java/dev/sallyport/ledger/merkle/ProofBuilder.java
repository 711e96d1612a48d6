package dev.sallyport.ledger.merkle;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds roots and proofs from a {@link MerkleNodes} store. Each result is computed in three steps
 * that mirror RFC 9162 §2.1: work out which subtree ranges the proof lists, split each range into
 * the perfect subtrees the store keeps, fetch all of them in one {@link MerkleNodes#hashes} call,
 * then combine. At most one range per proof is not itself a perfect subtree (the right border of
 * the tree), so a proof costs O(log n) node reads and O(log n) hashes.
 *
 * <p>Thread-safe when the store is.
 */
public final class ProofBuilder {
  private final MerkleNodes nodes;

  public ProofBuilder(MerkleNodes nodes) {
    this.nodes = requireNonNull(nodes, "nodes is null");
  }

  /** The root of the first {@code size} leaves. */
  public Hash root(long size) {
    checkSize(size);
    MerkleHasher hasher = new MerkleHasher();
    if (size == 0) {
      return hasher.emptyRoot();
    }
    return combine(List.of(new Range(0, size)), hasher).getFirst();
  }

  /** Proof that leaf {@code index} is in the tree of the first {@code treeSize} leaves. */
  public InclusionProof inclusion(long index, long treeSize) {
    checkSize(treeSize);
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException(
          "leaf " + index + " is not inside a tree of " + treeSize + " leaves");
    }
    // RFC 9162 §2.1.3.1, top-down: at each split the sibling of the half holding the leaf is
    // listed.
    List<Range> path = new ArrayList<>();
    long low = 0;
    long high = treeSize;
    while (high - low > 1) {
      long split = low + largestPowerOfTwoBelow(high - low);
      if (index < split) {
        path.add(new Range(split, high));
        high = split;
      } else {
        path.add(new Range(low, split));
        low = split;
      }
    }
    Collections.reverse(path);
    return new InclusionProof(index, treeSize, combine(path, new MerkleHasher()));
  }

  /** Proof that the first {@code fromSize} leaves are a prefix of the first {@code toSize}. */
  public ConsistencyProof consistency(long fromSize, long toSize) {
    checkSize(toSize);
    if (fromSize <= 0 || fromSize > toSize) {
      throw new IllegalArgumentException(
          "no consistency proof from " + fromSize + " to " + toSize + " leaves");
    }
    // RFC 9162 §2.1.4.1 SUBPROOF, unrolled: 'whole' says the current subtree is still one the
    // verifier knows the root of, in which case its own hash is not listed.
    List<Range> path = new ArrayList<>();
    long low = 0;
    long high = toSize;
    boolean whole = true;
    while (fromSize != high) {
      long split = low + largestPowerOfTwoBelow(high - low);
      if (fromSize <= split) {
        path.add(new Range(split, high));
        high = split;
      } else {
        path.add(new Range(low, split));
        low = split;
        whole = false;
      }
    }
    if (!whole) {
      path.add(new Range(low, high));
    }
    Collections.reverse(path);
    return new ConsistencyProof(fromSize, toSize, combine(path, new MerkleHasher()));
  }

  private void checkSize(long size) {
    long available = nodes.size();
    if (size < 0 || size > available) {
      throw new IllegalArgumentException(
          "tree size " + size + " is outside the " + available + " leaves stored");
    }
  }

  /** The hash of each range, fetching every node they need in one call. */
  private List<Hash> combine(List<Range> ranges, MerkleHasher hasher) {
    List<NodeId> wanted = new ArrayList<>();
    int[] firstNode = new int[ranges.size() + 1];
    for (int i = 0; i < ranges.size(); i++) {
      firstNode[i] = wanted.size();
      ranges.get(i).perfectSubtrees(wanted);
    }
    firstNode[ranges.size()] = wanted.size();
    List<Hash> fetched = nodes.hashes(List.copyOf(wanted));
    if (fetched.size() != wanted.size()) {
      throw new IllegalStateException(
          "store returned " + fetched.size() + " hashes for " + wanted.size() + " nodes");
    }
    List<Hash> result = new ArrayList<>(ranges.size());
    for (int i = 0; i < ranges.size(); i++) {
      // MTH(D[a:b]) = HASH(MTH(left perfect part), MTH(rest)): fold the parts from the right.
      Hash hash = fetched.get(firstNode[i + 1] - 1);
      for (int j = firstNode[i + 1] - 2; j >= firstNode[i]; j--) {
        hash = hasher.nodeHash(fetched.get(j), hash);
      }
      result.add(hash);
    }
    return result;
  }

  /** Largest power of two strictly below {@code n}, for {@code n >= 2}: where MTH splits. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** Leaves {@code [start, end)} of a subtree that RFC 6962's MTH recursion produces. */
  private record Range(long start, long end) {
    /** Appends the perfect subtrees whose MTH fold is this range's hash, left to right. */
    void perfectSubtrees(List<NodeId> out) {
      long low = start;
      while (true) {
        long width = end - low;
        if (Long.bitCount(width) == 1 && low % width == 0) {
          out.add(new NodeId(Long.numberOfTrailingZeros(width), low / width));
          return;
        }
        long left = largestPowerOfTwoBelow(width);
        if (low % left != 0) {
          throw new IllegalStateException(
              "range [" + start + ", " + end + ") is not an MTH subtree");
        }
        out.add(new NodeId(Long.numberOfTrailingZeros(left), low / left));
        low += left;
      }
    }
  }
}
