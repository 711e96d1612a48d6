package dev.sallyport.ledger;

import java.util.Base64;

/**
 * The standard base64 alphabet of RFC 4648 §4, read strictly: padding required, no line breaks, and
 * only the canonical encoding of a value is accepted. The JDK decoder alone would accept missing
 * padding and non-zero trailing bits, which lets one value have several spellings; a tamper-evident
 * format must not.
 */
public final class StrictBase64 {
  private StrictBase64() {}

  /** Standard base64 with padding. */
  public static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Decodes the canonical base64 spelling of a value.
   *
   * @param what names the field in the error message, for example "root hash"
   * @throws LedgerFormatException if {@code text} is not the canonical padded encoding of a value
   */
  public static byte[] decode(String text, String what) throws LedgerFormatException {
    if (text.length() % 4 != 0) {
      throw new LedgerFormatException(what + " is not padded base64");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new LedgerFormatException(what + " is not valid base64");
    }
    // Re-encoding rejects non-zero trailing bits, the one freedom left after the checks above.
    if (!encode(decoded).equals(text)) {
      throw new LedgerFormatException(what + " is not canonical base64");
    }
    return decoded;
  }
}
