package dev.sallyport.ledger.merkle;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Proof that one leaf is in a tree: the sibling hashes on the path from leaf {@code index} to the
 * root of the tree of {@code treeSize} leaves, lowest first (RFC 9162 §2.1.3).
 */
public record InclusionProof(long index, long treeSize, List<Hash> hashes) {
  public InclusionProof {
    if (index < 0 || treeSize <= index) {
      throw new IllegalArgumentException(
          "leaf " + index + " is not inside a tree of " + treeSize + " leaves");
    }
    hashes = List.copyOf(requireNonNull(hashes, "hashes is null"));
  }

  /**
   * Verifies that {@code leafHash} is leaf {@link #index()} of the tree with root {@code root}.
   *
   * @throws InvalidProofException if it is not
   */
  public void verify(Hash leafHash, Hash root) throws InvalidProofException {
    ProofVerifier.verifyInclusion(
        index, treeSize, leafHash.bytes(), hashes.stream().map(Hash::bytes).toList(), root.bytes());
  }
}
