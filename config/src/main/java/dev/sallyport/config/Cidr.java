package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

/**
 * A block of addresses in CIDR notation ({@code 10.20.0.0/16}, {@code 2001:db8::/32}). A block with
 * host bits set is not a block: it cannot be built, and {@link #parse} refuses it rather than guess
 * which of the two the writer meant.
 *
 * @param network the first address of the block, with no bit set after the prefix
 * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(IpAddress network, int prefixLength) {
  /** {@code ffff:...:255.255.255.255/128} is the longest. */
  private static final int MAX_TEXT_LENGTH = IpAddress.MAX_LITERAL_LENGTH + 4;

  public Cidr {
    requireNonNull(network, "network is null");
    if (prefixLength < 0 || prefixLength > network.bitLength()) {
      throw new IllegalArgumentException(
          "prefix length "
              + prefixLength
              + " is out of range for "
              + (network.isIpv4() ? "IPv4 (0-32)" : "IPv6 (0-128)"));
    }
    if (!network.masked(prefixLength).equals(network)) {
      throw new IllegalArgumentException(
          network
              + "/"
              + prefixLength
              + " has host bits set: write "
              + network.masked(prefixLength)
              + "/"
              + prefixLength
              + " for the block, or "
              + network
              + "/"
              + network.bitLength()
              + " for the one address");
    }
  }

  /** The block of {@code prefixLength} bits around {@code address}. */
  public static Cidr around(IpAddress address, int prefixLength) {
    return new Cidr(address.masked(prefixLength), prefixLength);
  }

  /**
   * Reads {@code ADDRESS/LENGTH}. The length is required (write {@code /32} or {@code /128} for one
   * address), in decimal without a leading zero. IPv4-mapped IPv6 blocks ({@code ::ffff:...}) are
   * refused: they would match IPv4 clients, which are always compared as IPv4, so the block is
   * written in IPv4.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static Cidr parse(String text) {
    requireNonNull(text, "text is null");
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("too long for an address block");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has no prefix length: write ADDRESS/LENGTH (/32 or /128 for one address)");
    }
    if (text.indexOf('%') >= 0) {
      throw new IllegalArgumentException("zone ids (%) are not allowed in an address block");
    }
    byte[] address = IpAddress.parseBytes(text.substring(0, slash));
    int prefixLength = prefixLength(text.substring(slash + 1));
    if (IpAddress.isMapped(address)) {
      IpAddress ipv4 = IpAddress.of(address);
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is an IPv4-mapped IPv6 block: write it in IPv4"
              + (prefixLength >= 96 ? ", as " + ipv4 + "/" + (prefixLength - 96) : ""));
    }
    return new Cidr(IpAddress.of(address), prefixLength);
  }

  /** True when {@code address} is of this block's family and inside it. */
  public boolean contains(IpAddress address) {
    return network.sharesPrefix(address, prefixLength);
  }

  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }

  private static int prefixLength(String digits) {
    if (digits.isEmpty() || digits.length() > 3) {
      throw new IllegalArgumentException("the prefix length is 1 to 3 digits");
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new IllegalArgumentException("the prefix length has a leading zero");
    }
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("the prefix length is a decimal number");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
