package dev.sallyport.gateway.mcp;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which browser origins may speak to {@code /mcp}: the defence against DNS rebinding that the MCP
 * transport requires ("servers MUST validate the Origin header"). A page whose name an attacker
 * re-points at Sallyport's address sends its own {@code Origin}, which is refused here before its
 * token is even read, so that a browser never becomes a path to the gateway.
 *
 * <p>A request without {@code Origin} comes from no browser (agents, SDK clients) and passes. A
 * browser's origin passes only when it is a loopback origin ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}, any port: a page served from the user's own machine, which no remote site can pose
 * as) or this Sallyport's own public origin, the console's. Anything else, {@code null} (an opaque
 * origin), several {@code Origin} headers, and a value that is not an origin are refused. The value
 * is read by hand, so no name is ever looked up.
 */
public final class McpOrigins {
  /** Longer than any origin Sallyport accepts; refused before it is parsed. */
  static final int MAX_LENGTH = 255;

  private static final Pattern ORIGIN =
      Pattern.compile(
          "(https?)://([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(?::([0-9]{1,5}))?");
  private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

  private final Optional<String> publicOrigin;

  /**
   * @param publicOrigin the origin browsers reach this Sallyport at, when the console is configured
   */
  public McpOrigins(Optional<URI> publicOrigin) {
    requireNonNull(publicOrigin, "publicOrigin is null");
    this.publicOrigin =
        publicOrigin.map(o ->
            normalized(o.toString())
                .orElseThrow(
                    () -> new IllegalArgumentException("publicOrigin is not an origin: " + o)));
  }

  /**
   * Returns normally when the request may be served; MUST be called before anything else of the
   * request is read.
   *
   * @param values every {@code Origin} header of the request, in order
   * @throws RefusedException when a browser sent it from an origin other than those above
   */
  public void check(List<String> values) throws RefusedException {
    if (values.isEmpty()) {
      return;
    }
    if (values.size() > 1) {
      throw new RefusedException("send at most one Origin");
    }
    Optional<String> origin = normalized(values.get(0));
    if (origin.isEmpty()) {
      throw new RefusedException("the Origin is not an origin");
    }
    String host = host(origin.get());
    if (!LOOPBACK.contains(host) && !origin.equals(publicOrigin)) {
      // The origin itself is not repeated: refusals never echo what the client sent.
      throw new RefusedException("requests from this Origin are refused");
    }
  }

  /** {@code scheme://host[:port]} in lower case with a default port left out, if it is one. */
  static Optional<String> normalized(String value) {
    if (value.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Matcher m = ORIGIN.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String host = m.group(2).toLowerCase(Locale.ROOT);
    if (host.startsWith(".") || host.endsWith(".") || host.contains("..")) {
      return Optional.empty();
    }
    String port = m.group(3);
    if (port == null) {
      return Optional.of(scheme + "://" + host);
    }
    int number = Integer.parseInt(port);
    if (number < 1 || number > 65_535) {
      return Optional.empty();
    }
    boolean defaultPort = number == (scheme.equals("https") ? 443 : 80);
    return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + number));
  }

  private static String host(String normalized) {
    String rest = normalized.substring(normalized.indexOf("://") + 3);
    int colon = rest.startsWith("[") ? rest.indexOf("]:") + 1 : rest.indexOf(':');
    return colon > 0 ? rest.substring(0, colon) : rest;
  }

  /** The request's {@code Origin} is refused; the message says why without repeating it. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }
}
