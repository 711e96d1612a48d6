package dev.sallyport.gateway.ingress;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.Cidr;
import dev.sallyport.config.IpAddress;
import java.util.List;

/**
 * Finds the client's address. The TCP peer is the client unless it is a trusted proxy; only then is
 * {@code X-Forwarded-For} read, from the right (the entry the nearest proxy appended) to the left,
 * skipping trusted proxies, and the first address that is not a trusted proxy is the client. The
 * entries left of it were written by the client or its side and are never read.
 *
 * <p>{@code Forwarded} (RFC 7239) is not read: one header, one meaning. Each entry must be a bare
 * IPv4 or IPv6 literal (no port, brackets, zone or {@code unknown}); an entry that must be read and
 * is not one makes the whole request malformed, because a trusted proxy that cannot say who the
 * client is must not have its own address taken for the client's.
 */
public final class ForwardedFor {
  private final List<Cidr> trustedProxies;

  public ForwardedFor(List<Cidr> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * The client's address.
   *
   * @param peer the TCP peer
   * @param headerValues every {@code X-Forwarded-For} field of the request, in order
   * @throws MalformedException when a trusted peer sent an entry that must be read and is not an
   *     address
   */
  public IpAddress client(IpAddress peer, List<String> headerValues) throws MalformedException {
    requireNonNull(peer, "peer is null");
    if (!trusted(peer)) {
      // Whatever an untrusted peer says about itself is ignored.
      return peer;
    }
    IpAddress client = peer;
    for (int field = headerValues.size() - 1; field >= 0; field--) {
      String value = headerValues.get(field);
      int end = value.length();
      while (true) {
        int comma = value.lastIndexOf(',', end - 1);
        IpAddress hop = entry(value, comma + 1, end);
        if (!trusted(hop)) {
          return hop;
        }
        client = hop;
        if (comma < 0) {
          break;
        }
        end = comma;
      }
    }
    // Every hop was a trusted proxy: the request started inside the proxies' own network.
    return client;
  }

  private boolean trusted(IpAddress address) {
    for (Cidr proxy : trustedProxies) {
      if (proxy.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** One list element, without the optional whitespace (space, tab) around it. */
  private static IpAddress entry(String value, int from, int to) throws MalformedException {
    while (from < to && isWhitespace(value.charAt(from))) {
      from++;
    }
    while (to > from && isWhitespace(value.charAt(to - 1))) {
      to--;
    }
    try {
      return IpAddress.parse(value.substring(from, to));
    } catch (IllegalArgumentException e) {
      throw new MalformedException();
    }
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /** An {@code X-Forwarded-For} entry from a trusted proxy is not an address. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedException() {
      super("X-Forwarded-For entry is not an IP address", null, false, false);
    }
  }
}
