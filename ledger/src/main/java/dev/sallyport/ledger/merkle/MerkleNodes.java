package dev.sallyport.ledger.merkle;

import java.util.List;

/**
 * Where a log keeps its tree: the hashes of perfect subtrees ({@link NodeId}), leaves included.
 * Proof generation ({@link ProofBuilder}) asks for every node a proof needs in one call, so a
 * database-backed implementation can answer with one query: O(log n) rows whatever the size of the
 * log, which is what keeps proofs at ten million leaves within tens of microseconds.
 */
public interface MerkleNodes {
  /** Number of leaves the store holds. */
  long size();

  /**
   * The hashes of {@code nodes}, in the order asked.
   *
   * <p>Every node asked for is complete within {@link #size()} ({@code endLeaf() <= size()});
   * implementations MUST throw {@link IllegalArgumentException} for any other and MUST NOT return a
   * hash they do not hold. A single call asks for at most 130 nodes.
   */
  List<Hash> hashes(List<NodeId> nodes);
}
