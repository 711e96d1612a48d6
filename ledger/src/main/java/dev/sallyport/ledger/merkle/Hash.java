package dev.sallyport.ledger.merkle;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.StrictBase64;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 value: a leaf hash, a node hash or a tree root. Immutable; always 32 bytes. */
public final class Hash {
  /** Length of a SHA-256 value in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}, which MUST be exactly 32 bytes long. */
  public static Hash of(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash is 32 bytes, not " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** Reads the canonical base64 form of a 32-byte hash, as checkpoints and proofs write it. */
  public static Hash fromBase64(String text, String what) throws LedgerFormatException {
    byte[] decoded = StrictBase64.decode(text, what);
    if (decoded.length != LENGTH) {
      throw new LedgerFormatException(what + " is " + decoded.length + " bytes, not 32");
    }
    return new Hash(decoded);
  }

  /** Reads 64 lowercase hex digits. */
  public static Hash fromHex(String hex) {
    requireNonNull(hex, "hex is null");
    if (hex.length() != 2 * LENGTH || !hex.equals(hex.toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("a hash is 64 lowercase hex digits");
    }
    return new Hash(HexFormat.of().parseHex(hex));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Copies the 32 bytes into {@code target} at {@code offset}, without allocating. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  /** True when this hash equals the first 32 bytes of {@code other} from {@code offset}. */
  public boolean matches(byte[] other, int offset) {
    return Arrays.equals(bytes, 0, LENGTH, other, offset, offset + LENGTH);
  }

  public String base64() {
    return StrictBase64.encode(bytes);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash hash && Arrays.equals(bytes, hash.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
