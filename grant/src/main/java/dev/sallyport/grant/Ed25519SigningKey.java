package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The gatekeeper's Ed25519 private key (a 32-byte RFC 8032 seed). Signs with Bouncy Castle's
 * lightweight {@link Ed25519Signer}, which is several times faster here than the JDK provider.
 * Executors get only {@link #verifyingKey()}. Thread-safe.
 */
public final class Ed25519SigningKey extends GrantKey {
  private final Ed25519PrivateKeyParameters privateKey;
  private final Ed25519VerifyingKey verifyingKey;

  private Ed25519SigningKey(String keyId, Ed25519PrivateKeyParameters privateKey) {
    super(keyId);
    this.privateKey = privateKey;
    this.verifyingKey =
        Ed25519VerifyingKey.fromPublicKey(keyId, privateKey.generatePublicKey().getEncoded());
  }

  /**
   * The key with this 32-byte seed (copied).
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes
   */
  public static Ed25519SigningKey fromSeed(String keyId, byte[] seed) {
    requireNonNull(seed, "seed is null");
    if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
    }
    return new Ed25519SigningKey(keyId, new Ed25519PrivateKeyParameters(seed, 0));
  }

  /** A fresh key from {@code random}. */
  public static Ed25519SigningKey generate(String keyId, SecureRandom random) {
    byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
    random.nextBytes(seed);
    try {
      return fromSeed(keyId, seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** The public half under the same key id: what an executor holds. */
  public Ed25519VerifyingKey verifyingKey() {
    return verifyingKey;
  }

  /**
   * A copy of the 32-byte seed, for a key store to persist. The only way secret material leaves
   * this object: every call is a place to review.
   */
  public byte[] exportSecretBytes() {
    return privateKey.getEncoded();
  }

  @Override
  public GrantAlgorithm algorithm() {
    return GrantAlgorithm.ED25519;
  }

  @Override
  public boolean canSign() {
    return true;
  }

  @Override
  byte[] sign(byte[] input, int offset, int length) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(input, offset, length);
    return signer.generateSignature();
  }

  @Override
  boolean verifies(byte[] input, int offset, int length, byte[] signature) {
    return verifyingKey.verifies(input, offset, length, signature);
  }
}
