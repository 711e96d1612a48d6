package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 key: 32 to 64 secret bytes, one per tenant. Whoever holds it can verify and sign,
 * so it suits the embedded single-process deployment and executors trusted as much as the
 * gatekeeper. Thread-safe.
 */
public final class HmacSha256Key extends GrantKey {
  private static final String ALGORITHM = "HmacSHA256";
  static final int SIGNATURE_BYTES = 32;

  private final SecretKeySpec secret;

  /** Initialised once and cloned per use: cloning skips the key schedule and provider lookup. */
  private final Mac prototype;

  private HmacSha256Key(String keyId, byte[] secret) {
    super(keyId);
    this.secret = new SecretKeySpec(secret, ALGORITHM);
    this.prototype = newMac();
  }

  /**
   * The key with these secret bytes (copied).
   *
   * @throws IllegalArgumentException if the secret is shorter than 32 or longer than 64 bytes
   */
  public static HmacSha256Key fromSecret(String keyId, byte[] secret) {
    requireNonNull(secret, "secret is null");
    if (secret.length < 32 || secret.length > 64) {
      throw new IllegalArgumentException("an HMAC-SHA256 grant key is 32-64 bytes");
    }
    return new HmacSha256Key(keyId, secret.clone());
  }

  /** A fresh 32-byte key from {@code random}. */
  public static HmacSha256Key generate(String keyId, SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    try {
      return new HmacSha256Key(keyId, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * A copy of the secret bytes, for a key store to persist. The only way secret material leaves
   * this object: every call is a place to review.
   */
  public byte[] exportSecretBytes() {
    return secret.getEncoded();
  }

  @Override
  public GrantAlgorithm algorithm() {
    return GrantAlgorithm.HMAC_SHA256;
  }

  @Override
  public boolean canSign() {
    return true;
  }

  @Override
  byte[] sign(byte[] input, int offset, int length) {
    Mac mac = mac();
    mac.update(input, offset, length);
    return mac.doFinal();
  }

  @Override
  boolean verifies(byte[] input, int offset, int length, byte[] signature) {
    // MessageDigest.isEqual runs in time independent of where the bytes differ.
    return MessageDigest.isEqual(sign(input, offset, length), signature);
  }

  private Mac mac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return newMac();
    }
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
