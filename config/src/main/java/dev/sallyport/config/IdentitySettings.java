package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How callers are authenticated: the trusted issuers of access tokens, and what this Sallyport
 * tells OAuth clients about itself (RFC 9728 protected resource metadata).
 *
 * @param resource this Sallyport's resource identifier (RFC 8707, RFC 9728); when empty, the
 *     address the server listens on
 * @param scopesSupported scopes advertised in the metadata and in {@code WWW-Authenticate}; often
 *     empty
 * @param maxTokenBytes bearer tokens longer than this are refused before any parsing
 * @param issuers the trusted issuers, each {@code iss} once
 */
public record IdentitySettings(
    Optional<URI> resource,
    List<String> scopesSupported,
    int maxTokenBytes,
    List<IssuerSettings> issuers) {
  /** Jetty refuses request headers over 8 KiB (431) before the gateway sees them. */
  public static final int MAX_TOKEN_BYTES_LIMIT = 8192;

  public static final int MIN_TOKEN_BYTES_LIMIT = 1024;

  private static final Pattern LOOPBACK_V4 =
      Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  public IdentitySettings {
    requireNonNull(resource, "resource is null");
    scopesSupported = List.copyOf(scopesSupported);
    issuers = List.copyOf(issuers);
    if (maxTokenBytes < MIN_TOKEN_BYTES_LIMIT || maxTokenBytes > MAX_TOKEN_BYTES_LIMIT) {
      throw new IllegalArgumentException("maxTokenBytes out of range");
    }
    if (issuers.isEmpty()) {
      throw new IllegalArgumentException("at least one issuer is required");
    }
    Set<String> seen = new HashSet<>();
    for (IssuerSettings issuer : issuers) {
      if (!seen.add(issuer.issuer())) {
        throw new IllegalArgumentException("issuer " + issuer.issuer() + " is listed twice");
      }
    }
  }

  /**
   * True for an {@code https} URL, or a plain {@code http} one on a loopback literal (tests, a
   * local IdP): never a name that merely looks like one. Keys and metadata come only from such
   * URLs.
   */
  public static boolean isHttpsOrLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    return "https".equals(uri.getScheme())
        || ("http".equals(uri.getScheme())
            && (host.equals("localhost")
                || host.equals("[::1]")
                || LOOPBACK_V4.matcher(host).matches()));
  }
}
