package dev.sallyport.ledger.note;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 note verifier key, in the C2SP text form {@code <name>+<key id>+<key>}: the key name,
 * the key id as 8 lowercase hex digits, and the base64 of {@code 0x01 || 32-byte public key}. The
 * key id is the first four bytes, big-endian, of {@code SHA-256(name || 0x0A || 0x01 || public
 * key)}; a key whose id does not match its name and bytes does not exist.
 */
public final class VerifierKey {
  /** The signature type byte of Ed25519 in C2SP signed notes. */
  public static final byte ED25519 = 0x01;

  /** Longest text form accepted by {@link #parse}. */
  public static final int MAX_LENGTH = 1024;

  private final String name;
  private final int keyId;
  private final byte[] publicKey;
  private final Ed25519PublicKeyParameters parameters;

  private VerifierKey(String name, byte[] publicKey, Ed25519PublicKeyParameters parameters) {
    this.name = name;
    this.publicKey = publicKey;
    this.parameters = parameters;
    this.keyId = keyId(name, publicKey);
  }

  /**
   * The verifier key for an Ed25519 public key.
   *
   * @throws IllegalArgumentException if the name breaks the C2SP rules or the key is not a valid
   *     Ed25519 point
   */
  public static VerifierKey ed25519(String name, byte[] publicKey) {
    requireNonNull(name, "name is null");
    requireNonNull(publicKey, "publicKey is null");
    if (!KeyNames.isValid(name)) {
      throw new IllegalArgumentException("key name must be non-empty with no spaces or '+'");
    }
    byte[] key = publicKey.clone();
    // Bouncy Castle checks the length and that the bytes decode to a point of large order.
    return new VerifierKey(name, key, new Ed25519PublicKeyParameters(key, 0));
  }

  /** Reads the text form {@code <name>+<8 hex digits>+<base64(0x01 || key)>}. */
  public static VerifierKey parse(String text) throws LedgerFormatException {
    requireNonNull(text, "text is null");
    if (text.length() > MAX_LENGTH) {
      throw new LedgerFormatException("verifier key is longer than " + MAX_LENGTH + " characters");
    }
    int firstPlus = text.indexOf('+');
    int secondPlus = firstPlus < 0 ? -1 : text.indexOf('+', firstPlus + 1);
    if (secondPlus < 0) {
      throw new LedgerFormatException("verifier key is not <name>+<key id>+<key>");
    }
    String name = text.substring(0, firstPlus);
    String id = text.substring(firstPlus + 1, secondPlus);
    // The key part may itself contain '+', which is in the base64 alphabet.
    String key = text.substring(secondPlus + 1);
    if (!KeyNames.isValid(name)) {
      throw new LedgerFormatException("verifier key name is empty or holds a space or '+'");
    }
    if (!id.matches("[0-9a-f]{8}")) {
      throw new LedgerFormatException("verifier key id is not 8 lowercase hex digits");
    }
    byte[] typeAndKey = StrictBase64.decode(key, "verifier key");
    if (typeAndKey.length == 0 || typeAndKey[0] != ED25519) {
      throw new LedgerFormatException("verifier key is not an Ed25519 key (type 0x01)");
    }
    if (typeAndKey.length != 33) {
      throw new LedgerFormatException("Ed25519 verifier key is not 32 bytes");
    }
    byte[] publicKey = Arrays.copyOfRange(typeAndKey, 1, 33);
    Ed25519PublicKeyParameters parameters;
    try {
      parameters = new Ed25519PublicKeyParameters(publicKey, 0);
    } catch (IllegalArgumentException e) {
      throw new LedgerFormatException("verifier key is not a valid Ed25519 public key");
    }
    VerifierKey parsed = new VerifierKey(name, publicKey, parameters);
    if (parsed.keyId != Integer.parseUnsignedInt(id, 16)) {
      throw new LedgerFormatException("verifier key id does not match the key name and key");
    }
    return parsed;
  }

  /** {@code SHA-256(name || 0x0A || 0x01 || publicKey)[0:4]} as a big-endian integer. */
  static int keyId(String name, byte[] publicKey) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(name.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      sha256.update(ED25519);
      byte[] digest = sha256.digest(publicKey);
      return ((digest[0] & 0xff) << 24)
          | ((digest[1] & 0xff) << 16)
          | ((digest[2] & 0xff) << 8)
          | (digest[3] & 0xff);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public String name() {
    return name;
  }

  /** The 32-bit key id, as an int whose bits are the big-endian id. */
  public int keyId() {
    return keyId;
  }

  /** The key id as the 8 lowercase hex digits of the text form. */
  public String keyIdHex() {
    return HexFormat.of().toHexDigits(keyId);
  }

  /** A copy of the 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The text form {@code <name>+<key id>+<base64(0x01 || key)>}. */
  public String encoded() {
    byte[] typeAndKey = new byte[33];
    typeAndKey[0] = ED25519;
    System.arraycopy(publicKey, 0, typeAndKey, 1, 32);
    return name + "+" + keyIdHex() + "+" + StrictBase64.encode(typeAndKey);
  }

  /** True when {@code signature} is a valid Ed25519 signature by this key over {@code message}. */
  boolean verifies(byte[] message, byte[] signature) {
    if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, parameters);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifierKey key
        && name.equals(key.name)
        && Arrays.equals(publicKey, key.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return encoded();
  }
}
