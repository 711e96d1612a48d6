/**
 * RFC 6962 / RFC 9162 Merkle trees: leaf and node hashing ({@link
 * dev.sallyport.ledger.merkle.MerkleHasher}), inclusion and consistency proofs ({@link
 * dev.sallyport.ledger.merkle.ProofBuilder} generates them over any {@link
 * dev.sallyport.ledger.merkle.MerkleNodes} storage, {@link
 * dev.sallyport.ledger.merkle.ProofVerifier} checks them), and the streaming root of {@link
 * dev.sallyport.ledger.merkle.CompactRange} used to recompute a whole log in one pass.
 *
 * <p>Nothing here knows about events, tenants or signatures; it is the arithmetic that makes a log
 * tamper-evident.
 */
package dev.sallyport.ledger.merkle;
