package dev.sallyport.ledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link MerkleNodes} in memory: every perfect subtree hash of an append-only tree, about 64 bytes
 * per leaf. For tests and for small logs; thread-safe.
 */
public final class InMemoryMerkleNodes implements MerkleNodes {
  private final MerkleHasher hasher = new MerkleHasher();
  // levels.get(l) holds the hashes of the complete level-l subtrees, 32 bytes each, back to back.
  private final List<byte[]> levels = new ArrayList<>();
  private final List<Integer> levelCounts = new ArrayList<>();
  private long size;

  /** Appends the leaf for {@code data} and returns its index. */
  public synchronized long appendData(byte[] data) {
    byte[] leaf = new byte[Hash.LENGTH];
    hasher.leafHash(data, 0, data.length, leaf, 0);
    return appendLeafHash(leaf);
  }

  /**
   * Appends a leaf whose hash is already known (for example a pruned entry) and returns its index.
   */
  public synchronized long appendLeaf(Hash leafHash) {
    return appendLeafHash(leafHash.bytes());
  }

  private long appendLeafHash(byte[] leaf) {
    if (size == Integer.MAX_VALUE) {
      throw new IllegalStateException("the in-memory tree is full");
    }
    byte[] carry = leaf;
    int level = 0;
    while (true) {
      int position = put(level, carry);
      if ((position & 1) == 0) {
        break;
      }
      byte[] parent = new byte[Hash.LENGTH];
      byte[] left =
          Arrays.copyOfRange(
              levels.get(level), (position - 1) * Hash.LENGTH, position * Hash.LENGTH);
      hasher.nodeHash(left, carry, parent);
      carry = parent;
      level++;
    }
    return size++;
  }

  private int put(int level, byte[] hash) {
    if (levels.size() == level) {
      levels.add(new byte[Hash.LENGTH * 16]);
      levelCounts.add(0);
    }
    int count = levelCounts.get(level);
    byte[] storage = levels.get(level);
    if ((count + 1) * Hash.LENGTH > storage.length) {
      storage = Arrays.copyOf(storage, storage.length * 2);
      levels.set(level, storage);
    }
    System.arraycopy(hash, 0, storage, count * Hash.LENGTH, Hash.LENGTH);
    levelCounts.set(level, count + 1);
    return count;
  }

  @Override
  public synchronized long size() {
    return size;
  }

  @Override
  public synchronized List<Hash> hashes(List<NodeId> nodes) {
    List<Hash> result = new ArrayList<>(nodes.size());
    for (NodeId node : nodes) {
      if (node.endLeaf() > size) {
        throw new IllegalArgumentException(
            "node " + node + " is not complete in a tree of " + size + " leaves");
      }
      int offset = Math.toIntExact(node.index()) * Hash.LENGTH;
      result.add(
          Hash.of(Arrays.copyOfRange(levels.get(node.level()), offset, offset + Hash.LENGTH)));
    }
    return result;
  }
}
