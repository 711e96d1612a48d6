package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key (32 bytes, RFC 8032 encoding): verifies grants, cannot sign them. What an
 * executor holds, so that compromising the executor does not let anyone forge decisions.
 * Thread-safe.
 */
public final class Ed25519VerifyingKey extends GrantKey {
  static final int SIGNATURE_BYTES = 64;

  private final Ed25519PublicKeyParameters publicKey;

  private Ed25519VerifyingKey(String keyId, Ed25519PublicKeyParameters publicKey) {
    super(keyId);
    this.publicKey = publicKey;
  }

  /**
   * The key with this 32-byte public key encoding (copied).
   *
   * @throws IllegalArgumentException if the bytes are not a valid Ed25519 public key
   */
  public static Ed25519VerifyingKey fromPublicKey(String keyId, byte[] publicKey) {
    requireNonNull(publicKey, "publicKey is null");
    if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    return new Ed25519VerifyingKey(keyId, new Ed25519PublicKeyParameters(publicKey, 0));
  }

  /** The 32-byte public key, to publish or pin in an executor's configuration. */
  public byte[] publicKeyBytes() {
    return publicKey.getEncoded();
  }

  @Override
  public GrantAlgorithm algorithm() {
    return GrantAlgorithm.ED25519;
  }

  @Override
  public boolean canSign() {
    return false;
  }

  @Override
  byte[] sign(byte[] input, int offset, int length) {
    throw new IllegalStateException("key " + keyId() + " is a public key and cannot sign");
  }

  @Override
  boolean verifies(byte[] input, int offset, int length, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, publicKey);
    verifier.update(input, offset, length);
    return verifier.verifySignature(signature);
  }
}
