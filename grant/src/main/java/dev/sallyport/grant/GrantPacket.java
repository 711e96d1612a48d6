package dev.sallyport.grant;

import static dev.sallyport.grant.RejectionReason.MALFORMED;
import static dev.sallyport.grant.RejectionReason.UNSUPPORTED_VERSION;
import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.sallyport.model.TenantId;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The version 1 wire format, both ways (see the package documentation and the module README):
 *
 * <pre>
 * sp-grant-v1.KEYID.BASE64URL(PAYLOAD).BASE64URL(SIGNATURE)
 * </pre>
 *
 * <p>The signature covers the ASCII bytes before the last {@code '.'}. {@code PAYLOAD} is the RFC
 * 8785 canonical JSON object of the grant's fields; the parser accepts exactly that canonical form
 * and nothing else, so each grant has one spelling and every other byte string is {@link
 * RejectionReason#MALFORMED}.
 */
final class GrantPacket {
  static final String PREFIX = "sp-grant-v";

  /** Far above any valid packet (about 1 KiB at most), far below anything costly to scan. */
  static final int MAX_LENGTH = 4096;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** Payload member names, in canonical (sorted) order. */
  private static final byte[][] NAMES = {
    ascii("\"actionId\":"),
    ascii("\"argumentsSha256\":"),
    ascii("\"expiresAt\":"),
    ascii("\"issuedAt\":"),
    ascii("\"nonce\":"),
    ascii("\"policyVersion\":"),
    ascii("\"recipient\":"),
    ascii("\"tenant\":"),
    ascii("\"tool\":"),
  };

  private GrantPacket() {}

  /**
   * A packet taken apart, not yet verified: the grant it claims, the packet's ASCII bytes of which
   * the first {@code signedLength} are signed, and the signature.
   */
  static final class Parsed {
    final Grant grant;
    final byte[] packet;
    final int signedLength;
    final byte[] signature;

    Parsed(Grant grant, byte[] packet, int signedLength, byte[] signature) {
      this.grant = grant;
      this.packet = packet;
      this.signedLength = signedLength;
      this.signature = signature;
    }
  }

  /** Signs {@code grant} with {@code key} and returns the packet. */
  static String encode(Grant grant, GrantKey key) {
    if (!grant.keyId().equals(key.keyId())) {
      throw new IllegalArgumentException("grant names key " + grant.keyId() + ", not this key");
    }
    String signed =
        PREFIX
            + grant.version()
            + "."
            + grant.keyId()
            + "."
            + ENCODER.encodeToString(payload(grant));
    byte[] signedBytes = signed.getBytes(US_ASCII);
    byte[] signature = key.sign(signedBytes, 0, signedBytes.length);
    return signed + "." + ENCODER.encodeToString(signature);
  }

  /** The canonical JSON payload of {@code grant}, in ASCII. */
  static byte[] payload(Grant grant) {
    StringBuilder out = new StringBuilder(384);
    out.append("{\"actionId\":\"")
        .append(grant.actionId())
        .append("\",\"argumentsSha256\":\"")
        .append(grant.argumentsDigest())
        .append("\",\"expiresAt\":")
        .append(grant.expiresAt().getEpochSecond())
        .append(",\"issuedAt\":")
        .append(grant.issuedAt().getEpochSecond())
        .append(",\"nonce\":\"")
        .append(grant.nonce())
        .append("\",\"policyVersion\":\"")
        .append(grant.policyVersion())
        .append("\",\"recipient\":\"")
        .append(grant.recipient().wire())
        .append("\",\"tenant\":\"")
        .append(grant.tenant().value())
        .append("\",\"tool\":\"")
        .append(grant.tool())
        .append("\"}");
    return out.toString().getBytes(US_ASCII);
  }

  /**
   * Takes a packet apart strictly: shape, version, key id, base64url, canonical payload.
   *
   * @throws GrantRejectedException {@code MALFORMED} or {@code UNSUPPORTED_VERSION}, nothing else
   */
  static Parsed parse(String packet) throws GrantRejectedException {
    int length = packet.length();
    if (length == 0 || length > MAX_LENGTH) {
      throw new GrantRejectedException(MALFORMED);
    }
    byte[] bytes = new byte[length];
    int[] dots = new int[3];
    int dotCount = 0;
    for (int i = 0; i < length; i++) {
      char c = packet.charAt(i);
      if (c == '.') {
        if (dotCount == dots.length) {
          throw new GrantRejectedException(MALFORMED);
        }
        dots[dotCount++] = i;
      } else if (!isBase64Url(c)) {
        throw new GrantRejectedException(MALFORMED);
      }
      bytes[i] = (byte) c;
    }
    int version = version(bytes, dotCount == 0 ? length : dots[0]);
    if (version != Grant.VERSION) {
      throw new GrantRejectedException(UNSUPPORTED_VERSION);
    }
    if (dotCount != 3) {
      throw new GrantRejectedException(MALFORMED);
    }
    String keyId = new String(bytes, dots[0] + 1, dots[1] - dots[0] - 1, US_ASCII);
    byte[] payload = decode(bytes, dots[1] + 1, dots[2]);
    byte[] signature = decode(bytes, dots[2] + 1, length);
    if (signature.length != HmacSha256Key.SIGNATURE_BYTES
        && signature.length != Ed25519VerifyingKey.SIGNATURE_BYTES) {
      throw new GrantRejectedException(MALFORMED);
    }
    Grant grant = grant(keyId, payload);
    if (!Arrays.equals(payload(grant), payload)) {
      // Parsed but not in canonical form (a recipient not normalised, for one): a second spelling.
      throw new GrantRejectedException(MALFORMED);
    }
    return new Parsed(grant, bytes, dots[2], signature);
  }

  /** The N of {@code sp-grant-vN}: 1 to 9999 without leading zeros. */
  private static int version(byte[] bytes, int end) throws GrantRejectedException {
    int prefix = PREFIX.length();
    if (end <= prefix || end > prefix + 4) {
      throw new GrantRejectedException(MALFORMED);
    }
    for (int i = 0; i < prefix; i++) {
      if (bytes[i] != PREFIX.charAt(i)) {
        throw new GrantRejectedException(MALFORMED);
      }
    }
    if (bytes[prefix] == '0') {
      throw new GrantRejectedException(MALFORMED);
    }
    int version = 0;
    for (int i = prefix; i < end; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        throw new GrantRejectedException(MALFORMED);
      }
      version = version * 10 + (bytes[i] - '0');
    }
    return version;
  }

  /** Unpadded base64url with zero unused bits, so each byte string has exactly one encoding. */
  private static byte[] decode(byte[] bytes, int from, int to) throws GrantRejectedException {
    int length = to - from;
    if (length == 0 || length % 4 == 1) {
      throw new GrantRejectedException(MALFORMED);
    }
    int last = sextet(bytes[to - 1]);
    int unusedBits = length % 4 == 2 ? 0x0f : length % 4 == 3 ? 0x03 : 0;
    if ((last & unusedBits) != 0) {
      throw new GrantRejectedException(MALFORMED);
    }
    try {
      return DECODER.decode(Arrays.copyOfRange(bytes, from, to));
    } catch (IllegalArgumentException e) {
      throw new GrantRejectedException(MALFORMED);
    }
  }

  private static Grant grant(String keyId, byte[] payload) throws GrantRejectedException {
    Cursor in = new Cursor(payload);
    in.expect('{');
    in.name(0);
    String actionId = in.string();
    in.expect(',');
    in.name(1);
    String digest = in.string();
    in.expect(',');
    in.name(2);
    long expiresAt = in.integer();
    in.expect(',');
    in.name(3);
    long issuedAt = in.integer();
    in.expect(',');
    in.name(4);
    String nonce = in.string();
    in.expect(',');
    in.name(5);
    String policyVersion = in.string();
    in.expect(',');
    in.name(6);
    String recipient = in.string();
    in.expect(',');
    in.name(7);
    String tenant = in.string();
    in.expect(',');
    in.name(8);
    String tool = in.string();
    in.expect('}');
    in.end();
    try {
      return new Grant(
          Grant.VERSION,
          keyId,
          TenantId.of(tenant),
          actionId,
          tool,
          digest,
          Recipient.parse(recipient),
          policyVersion,
          Instant.ofEpochSecond(issuedAt),
          Instant.ofEpochSecond(expiresAt),
          nonce);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new GrantRejectedException(MALFORMED);
    }
  }

  /** Reads the fixed grammar of the canonical payload; any deviation is MALFORMED. */
  private static final class Cursor {
    private final byte[] in;
    private int at;

    Cursor(byte[] in) {
      this.in = in;
    }

    void expect(char c) throws GrantRejectedException {
      if (at >= in.length || in[at] != c) {
        throw new GrantRejectedException(MALFORMED);
      }
      at++;
    }

    void name(int index) throws GrantRejectedException {
      byte[] name = NAMES[index];
      if (!Arrays.equals(in, at, Math.min(at + name.length, in.length), name, 0, name.length)) {
        throw new GrantRejectedException(MALFORMED);
      }
      at += name.length;
    }

    /** A string of printable ASCII without escapes; Grant narrows each field further. */
    String string() throws GrantRejectedException {
      expect('"');
      int start = at;
      while (at < in.length && in[at] != '"') {
        if (in[at] < 0x20 || in[at] > 0x7e || in[at] == '\\') {
          throw new GrantRejectedException(MALFORMED);
        }
        at++;
      }
      int end = at;
      expect('"');
      return new String(in, start, end - start, US_ASCII);
    }

    /** A non-negative integer without leading zeros, at most 15 digits (below 2^53, as JCS). */
    long integer() throws GrantRejectedException {
      int start = at;
      long value = 0;
      while (at < in.length && in[at] >= '0' && in[at] <= '9') {
        value = value * 10 + (in[at] - '0');
        at++;
      }
      int digits = at - start;
      if (digits == 0 || digits > 15 || (digits > 1 && in[start] == '0')) {
        throw new GrantRejectedException(MALFORMED);
      }
      return value;
    }

    void end() throws GrantRejectedException {
      if (at != in.length) {
        throw new GrantRejectedException(MALFORMED);
      }
    }
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  private static int sextet(byte c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(US_ASCII);
  }
}
