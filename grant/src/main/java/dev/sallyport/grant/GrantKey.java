package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

/**
 * One key that signs or verifies grant packets, under a key id unique in its tenant's keyset.
 *
 * <p>Secret material is never exposed by accessors, {@code toString}, or equality. The one way to
 * read it is the method named {@code exportSecretBytes()} on the secret key types, for a key store
 * to persist it; grep for that name to review every use.
 */
public abstract sealed class GrantKey
    permits HmacSha256Key, Ed25519SigningKey, Ed25519VerifyingKey {
  private final String keyId;

  GrantKey(String keyId) {
    requireNonNull(keyId, "keyId is null");
    Grant.checkKeyId(keyId);
    this.keyId = keyId;
  }

  public final String keyId() {
    return keyId;
  }

  public abstract GrantAlgorithm algorithm();

  /** Whether this key holds what it takes to sign; a public Ed25519 key does not. */
  public abstract boolean canSign();

  /**
   * Signs {@code length} bytes of {@code input} from {@code offset}.
   *
   * @throws IllegalStateException if this key cannot sign
   */
  abstract byte[] sign(byte[] input, int offset, int length);

  /**
   * Whether {@code signature} is this key's signature over the input; constant time in the
   * signature bytes for HMAC.
   */
  abstract boolean verifies(byte[] input, int offset, int length, byte[] signature);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[keyId=" + keyId + "]";
  }
}
