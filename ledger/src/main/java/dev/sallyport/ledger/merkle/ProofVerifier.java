package dev.sallyport.ledger.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verification of RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs, on raw bytes so
 * that any input, however malformed, can be judged. Both methods return nothing and throw {@link
 * InvalidProofException} when the proof does not hold.
 *
 * <p>Indices and sizes are unsigned 64-bit numbers in the RFC; here they are {@code long}, and
 * negative values (above 2^63 - 1 read unsigned) are always rejected. A consistency proof from the
 * empty tree is rejected: it would prove nothing, and accepting it would let a caller believe a
 * check happened.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /**
   * Verifies that {@code leafHash} is the leaf at {@code index} of the tree of {@code treeSize}
   * leaves whose root is {@code root}.
   *
   * @param proof the sibling hashes from the leaf's sibling up to the root's child
   */
  public static void verifyInclusion(
      long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws InvalidProofException {
    if (index < 0 || treeSize < 0 || index >= treeSize) {
      throw new InvalidProofException(
          "leaf index "
              + Long.toUnsignedString(index)
              + " is not inside a tree of "
              + Long.toUnsignedString(treeSize)
              + " leaves");
    }
    if (leafHash.length != Hash.LENGTH) {
      throw new InvalidProofException("leaf hash is " + leafHash.length + " bytes, not 32");
    }
    int inner = innerProofSize(index, treeSize);
    int border = Long.bitCount(index >>> inner);
    checkShape(proof, inner + border);
    MerkleHasher hasher = new MerkleHasher();
    byte[] hash = leafHash.clone();
    for (int i = 0; i < inner; i++) {
      if (((index >>> i) & 1) == 0) {
        hasher.nodeHash(hash, proof.get(i), hash);
      } else {
        hasher.nodeHash(proof.get(i), hash, hash);
      }
    }
    for (int i = inner; i < proof.size(); i++) {
      hasher.nodeHash(proof.get(i), hash, hash);
    }
    if (!MessageDigest.isEqual(hash, root)) {
      throw new InvalidProofException(
          "inclusion proof for leaf " + index + " leads to a different root");
    }
  }

  /**
   * Verifies that the tree of {@code size1} leaves with root {@code root1} is a prefix of the tree
   * of {@code size2} leaves with root {@code root2}.
   *
   * @param proof the RFC 9162 §2.1.4 consistency proof; empty when the sizes are equal
   */
  public static void verifyConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
      throws InvalidProofException {
    if (size1 < 0 || size2 < 0 || size2 < size1) {
      throw new InvalidProofException(
          "a tree of "
              + Long.toUnsignedString(size2)
              + " leaves cannot extend one of "
              + Long.toUnsignedString(size1));
    }
    if (size1 == 0) {
      throw new InvalidProofException("a consistency proof from the empty tree proves nothing");
    }
    if (size1 == size2) {
      if (!proof.isEmpty()) {
        throw new InvalidProofException("trees of equal size need an empty consistency proof");
      }
      if (!MessageDigest.isEqual(root1, root2)) {
        throw new InvalidProofException("two trees of " + size1 + " leaves have different roots");
      }
      return;
    }
    if (proof.isEmpty()) {
      throw new InvalidProofException("consistency proof is empty");
    }
    if (root1.length != Hash.LENGTH || root2.length != Hash.LENGTH) {
      throw new InvalidProofException("roots must be 32 bytes");
    }
    // The proof is the tail of the inclusion proof of leaf size1 - 1 in the larger tree, starting
    // at the level of the largest perfect subtree that ends at size1 (RFC 9162 §2.1.4.2).
    int inner = innerProofSize(size1 - 1, size2);
    int border = Long.bitCount((size1 - 1) >>> inner);
    int shift = Long.numberOfTrailingZeros(size1);
    inner -= shift;
    boolean seedIsRoot1 = size1 == (1L << shift);
    int start = seedIsRoot1 ? 0 : 1;
    checkShape(proof, start + inner + border);
    byte[] seed = seedIsRoot1 ? root1 : proof.get(0);
    long mask = (size1 - 1) >>> shift;

    MerkleHasher hasher = new MerkleHasher();
    byte[] hash1 = seed.clone();
    byte[] hash2 = seed.clone();
    for (int i = 0; i < inner; i++) {
      byte[] sibling = proof.get(start + i);
      if (((mask >>> i) & 1) == 1) {
        hasher.nodeHash(sibling, hash1, hash1);
        hasher.nodeHash(sibling, hash2, hash2);
      } else {
        // A right sibling is new in the larger tree: it counts for root2 only.
        hasher.nodeHash(hash2, sibling, hash2);
      }
    }
    for (int i = start + inner; i < proof.size(); i++) {
      hasher.nodeHash(proof.get(i), hash1, hash1);
      hasher.nodeHash(proof.get(i), hash2, hash2);
    }
    if (!MessageDigest.isEqual(hash1, root1)) {
      throw new InvalidProofException("consistency proof does not lead to the first root");
    }
    if (!MessageDigest.isEqual(hash2, root2)) {
      throw new InvalidProofException("consistency proof does not lead to the second root");
    }
  }

  /**
   * Number of proof levels below the point where the paths to {@code index} and the last leaf meet.
   */
  private static int innerProofSize(long index, long size) {
    return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
  }

  private static void checkShape(List<byte[]> proof, int expected) throws InvalidProofException {
    if (proof.size() != expected) {
      throw new InvalidProofException(
          "proof has " + proof.size() + " hashes, expected " + expected);
    }
    for (byte[] hash : proof) {
      if (hash.length != Hash.LENGTH) {
        throw new InvalidProofException("proof hash is " + hash.length + " bytes, not 32");
      }
    }
  }
}
