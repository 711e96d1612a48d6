package dev.sallyport.ledger.note;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.StrictBase64;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One signature line of a signed note: {@code — <key name> <base64(key id || signature)>}. The
 * signature bytes are opaque here; only a {@link VerifierKey} with the same name and id gives them
 * a meaning.
 */
public final class NoteSignature {
  private final String keyName;
  private final int keyId;
  private final byte[] signature;

  /**
   * @param signature the signature without the key id; at least one byte
   * @throws IllegalArgumentException if the key name breaks the C2SP rules
   */
  public NoteSignature(String keyName, int keyId, byte[] signature) {
    requireNonNull(keyName, "keyName is null");
    requireNonNull(signature, "signature is null");
    if (!KeyNames.isValid(keyName)) {
      throw new IllegalArgumentException("key name must be non-empty with no spaces or '+'");
    }
    if (signature.length == 0) {
      throw new IllegalArgumentException("signature is empty");
    }
    this.keyName = keyName;
    this.keyId = keyId;
    this.signature = signature.clone();
  }

  public String keyName() {
    return keyName;
  }

  public int keyId() {
    return keyId;
  }

  /** A copy of the signature bytes, without the key id. */
  public byte[] signature() {
    return signature.clone();
  }

  /** True when this signature claims to be by {@code key}: same name and same id. */
  public boolean isBy(VerifierKey key) {
    return keyName.equals(key.name()) && keyId == key.keyId();
  }

  boolean verifiesWith(VerifierKey key, byte[] text) {
    return key.verifies(text, signature);
  }

  /** The signature line, em dash first and newline last. */
  public String line() {
    byte[] idAndSignature = new byte[4 + signature.length];
    idAndSignature[0] = (byte) (keyId >>> 24);
    idAndSignature[1] = (byte) (keyId >>> 16);
    idAndSignature[2] = (byte) (keyId >>> 8);
    idAndSignature[3] = (byte) keyId;
    System.arraycopy(signature, 0, idAndSignature, 4, signature.length);
    return SignedNote.SIGNATURE_PREFIX + keyName + " " + StrictBase64.encode(idAndSignature) + "\n";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NoteSignature that
        && keyName.equals(that.keyName)
        && keyId == that.keyId
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return (keyName.hashCode() * 31 + keyId) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "signature by " + keyName + "+" + HexFormat.of().toHexDigits(keyId);
  }
}
