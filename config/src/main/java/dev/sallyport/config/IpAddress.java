package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address, read from a literal by this class alone: never through {@link
 * java.net.InetAddress#getByName}, which resolves anything that is not a literal through DNS. An
 * address has one form only: an IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is the IPv4
 * address it maps, so that a dual-stack socket or a proxy that writes the mapped form cannot make
 * one client look like two.
 */
public final class IpAddress {
  /** The longest literal: {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
  static final int MAX_LITERAL_LENGTH = 45;

  private static final byte[] MAPPED_PREFIX = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff
  };

  private final byte[] bytes;

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Reads an address literal: dotted-quad IPv4 ({@code 192.0.2.1}, no leading zeros) or IPv6 text
   * ({@code 2001:db8::1}, optionally ending in a dotted quad), without brackets, port or zone.
   *
   * @throws IllegalArgumentException naming what is wrong; the message never holds the input
   */
  public static IpAddress parse(String literal) {
    return of(parseBytes(literal));
  }

  /**
   * The address of 4 or 16 network-order bytes, as a socket reports them.
   *
   * @throws IllegalArgumentException for any other length
   */
  public static IpAddress of(byte[] address) {
    requireNonNull(address, "address is null");
    if (address.length == 4) {
      return new IpAddress(address.clone());
    }
    if (address.length == 16) {
      return isMapped(address)
          ? new IpAddress(Arrays.copyOfRange(address, 12, 16))
          : new IpAddress(address.clone());
    }
    throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
  }

  /** True for IPv4, false for IPv6. */
  public boolean isIpv4() {
    return bytes.length == 4;
  }

  /** 32 or 128. */
  public int bitLength() {
    return bytes.length * 8;
  }

  /** The address with every bit after the first {@code prefixLength} cleared. */
  public IpAddress masked(int prefixLength) {
    checkPrefixLength(prefixLength);
    byte[] masked = bytes.clone();
    for (int i = 0; i < masked.length; i++) {
      masked[i] &= (byte) byteMask(prefixLength, i);
    }
    return new IpAddress(masked);
  }

  /** True when both are of one family and agree on the first {@code prefixLength} bits. */
  boolean sharesPrefix(IpAddress other, int prefixLength) {
    if (other.bytes.length != bytes.length) {
      return false;
    }
    checkPrefixLength(prefixLength);
    for (int i = 0; i < bytes.length && i * 8 < prefixLength; i++) {
      int mask = byteMask(prefixLength, i);
      if ((bytes[i] & mask) != (other.bytes[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as ::). */
  @Override
  public String toString() {
    if (isIpv4()) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // RFC 5952 4.2: the longest run of two or more zero groups becomes ::, the first on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  /** The 4 or 16 bytes of a literal, IPv4-mapped IPv6 addresses left as written. */
  static byte[] parseBytes(String literal) {
    requireNonNull(literal, "literal is null");
    if (literal.isEmpty()) {
      throw new IllegalArgumentException("an IP address is empty");
    }
    if (literal.length() > MAX_LITERAL_LENGTH) {
      throw new IllegalArgumentException("too long for an IP address");
    }
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      boolean allowed =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == '.'
              || c == ':';
      if (!allowed) {
        throw new IllegalArgumentException(
            "an IP address literal holds hex digits, '.' and ':' only (names are never looked up)");
      }
    }
    return literal.indexOf(':') >= 0 ? parseIpv6(literal) : parseIpv4(literal, 0, literal.length());
  }

  /** True for the 16 bytes of an IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}). */
  static boolean isMapped(byte[] address) {
    return address.length == 16
        && Arrays.equals(address, 0, MAPPED_PREFIX.length, MAPPED_PREFIX, 0, MAPPED_PREFIX.length);
  }

  private static byte[] parseIpv4(String text, int from, int to) {
    byte[] address = new byte[4];
    int octet = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i < to && text.charAt(i) != '.') {
        continue;
      }
      if (octet == 4) {
        throw new IllegalArgumentException("an IPv4 address has four parts");
      }
      address[octet++] = (byte) decimalOctet(text, start, i);
      start = i + 1;
    }
    if (octet != 4) {
      throw new IllegalArgumentException("an IPv4 address has four parts");
    }
    return address;
  }

  private static int decimalOctet(String text, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 3) {
      throw new IllegalArgumentException("each part of an IPv4 address is 1 to 3 digits");
    }
    // A leading zero is octal to some parsers and decimal to others: refused, never guessed.
    if (length > 1 && text.charAt(from) == '0') {
      throw new IllegalArgumentException("a part of an IPv4 address has a leading zero");
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("an IPv4 address holds digits and dots only");
      }
      value = value * 10 + (c - '0');
    }
    if (value > 255) {
      throw new IllegalArgumentException("a part of an IPv4 address is above 255");
    }
    return value;
  }

  private static byte[] parseIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      throw new IllegalArgumentException("an IPv6 address has at most one '::'");
    }
    byte[] head = new byte[16];
    int headLength;
    byte[] tail = new byte[16];
    int tailLength = 0;
    if (gap < 0) {
      headLength = groups(text, 0, text.length(), head, true);
      if (headLength != 16) {
        throw new IllegalArgumentException("an IPv6 address without '::' has eight groups");
      }
      return head;
    }
    headLength = gap == 0 ? 0 : groups(text, 0, gap, head, false);
    if (gap + 2 < text.length()) {
      tailLength = groups(text, gap + 2, text.length(), tail, true);
    }
    // '::' stands for at least one group of zeros.
    if (headLength + tailLength > 14) {
      throw new IllegalArgumentException("an IPv6 address has at most eight groups");
    }
    byte[] address = new byte[16];
    System.arraycopy(head, 0, address, 0, headLength);
    System.arraycopy(tail, 0, address, 16 - tailLength, tailLength);
    return address;
  }

  /**
   * Reads colon-separated hex groups from {@code text[from, to)} into {@code out}; when {@code
   * last}, the final group may be a dotted quad. Returns the number of bytes read.
   */
  private static int groups(String text, int from, int to, byte[] out, boolean last) {
    int length = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i < to && text.charAt(i) != ':') {
        continue;
      }
      if (length == 16) {
        throw new IllegalArgumentException("an IPv6 address has at most eight groups");
      }
      if (last && i == to && text.lastIndexOf('.', to - 1) >= start) {
        if (length > 12) {
          throw new IllegalArgumentException("an IPv6 address has at most eight groups");
        }
        byte[] ipv4 = parseIpv4(text, start, to);
        System.arraycopy(ipv4, 0, out, length, 4);
        return length + 4;
      }
      int group = hexGroup(text, start, i);
      out[length++] = (byte) (group >> 8);
      out[length++] = (byte) group;
      start = i + 1;
    }
    return length;
  }

  private static int hexGroup(String text, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 4) {
      throw new IllegalArgumentException("each group of an IPv6 address is 1 to 4 hex digits");
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      // ASCII only: Character.digit would also take digits of other scripts.
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        throw new IllegalArgumentException(
            "an IPv6 address holds hex digits, ':' and a final dotted quad only");
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  private static int byteMask(int prefixLength, int byteIndex) {
    int bits = Math.clamp(prefixLength - byteIndex * 8L, 0, 8);
    return (0xff << (8 - bits)) & 0xff;
  }

  private void checkPrefixLength(int prefixLength) {
    if (prefixLength < 0 || prefixLength > bitLength()) {
      throw new IllegalArgumentException(
          "prefix length must be between 0 and " + bitLength() + " for this address");
    }
  }
}
