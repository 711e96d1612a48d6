package dev.sallyport.ledger.merkle;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Proof that the tree of {@code fromSize} leaves is a prefix of the tree of {@code toSize} leaves:
 * nothing that was in the smaller tree was changed, removed or reordered (RFC 9162 §2.1.4).
 */
public record ConsistencyProof(long fromSize, long toSize, List<Hash> hashes) {
  public ConsistencyProof {
    if (fromSize <= 0 || toSize < fromSize) {
      throw new IllegalArgumentException(
          "no consistency proof from " + fromSize + " to " + toSize + " leaves");
    }
    hashes = List.copyOf(requireNonNull(hashes, "hashes is null"));
  }

  /**
   * Verifies that {@code fromRoot} (of {@link #fromSize()} leaves) and {@code toRoot} (of {@link
   * #toSize()} leaves) are roots of one append-only log.
   *
   * @throws InvalidProofException if they are not
   */
  public void verify(Hash fromRoot, Hash toRoot) throws InvalidProofException {
    ProofVerifier.verifyConsistency(
        fromSize,
        toSize,
        fromRoot.bytes(),
        toRoot.bytes(),
        hashes.stream().map(Hash::bytes).toList());
  }
}
