package dev.sallyport.ledger.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 §2.1 hashing with SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an interior node is
 * {@code SHA-256(0x01 || left || right)}. The prefixes keep a leaf from ever being mistaken for a
 * node (second-preimage resistance).
 *
 * <p>One instance reuses one {@link MessageDigest} so that hashing millions of leaves allocates
 * nothing; it MUST NOT be shared between threads.
 */
public final class MerkleHasher {
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private final MessageDigest sha256;

  public MerkleHasher() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The root of the empty tree: SHA-256 of no bytes (RFC 6962 §2.1). */
  public Hash emptyRoot() {
    return Hash.of(sha256.digest());
  }

  public Hash leafHash(byte[] data) {
    byte[] out = new byte[Hash.LENGTH];
    leafHash(data, 0, data.length, out, 0);
    return Hash.of(out);
  }

  /** Writes the leaf hash of {@code data[offset, offset + length)} into {@code out}. */
  public void leafHash(byte[] data, int offset, int length, byte[] out, int outOffset) {
    sha256.update(LEAF_PREFIX);
    sha256.update(data, offset, length);
    finish(out, outOffset);
  }

  public Hash nodeHash(Hash left, Hash right) {
    byte[] out = new byte[Hash.LENGTH];
    byte[] l = left.bytes();
    byte[] r = right.bytes();
    nodeHash(l, r, out);
    return Hash.of(out);
  }

  /**
   * Writes the node hash of two 32-byte children into {@code out}, which may be the same array as
   * either child: both are read before anything is written.
   */
  public void nodeHash(byte[] left, byte[] right, byte[] out) {
    nodeHash(left, 0, right, 0, out, 0);
  }

  /**
   * Writes the node hash of the 32-byte children at {@code left[leftOffset]} and {@code
   * right[rightOffset]} into {@code out[outOffset]}; the output may overlap either child.
   */
  public void nodeHash(
      byte[] left, int leftOffset, byte[] right, int rightOffset, byte[] out, int outOffset) {
    sha256.update(NODE_PREFIX);
    sha256.update(left, leftOffset, Hash.LENGTH);
    sha256.update(right, rightOffset, Hash.LENGTH);
    finish(out, outOffset);
  }

  private void finish(byte[] out, int offset) {
    try {
      sha256.digest(out, offset, Hash.LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 output does not fit 32 bytes", e);
    }
  }
}
