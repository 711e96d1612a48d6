package dev.sallyport.gateway.ingress;

import dev.sallyport.config.RouteGroup;
import java.util.Optional;

/**
 * Which route group a path belongs to. A path of no group is refused whatever its source: an
 * unknown path tells a caller that is not allowed anywhere nothing, not even that it is unknown.
 *
 * <p>MUST name the group of every path the HTTP edge serves, and MUST be given the same path string
 * the router matches on, so that no path reaches a handler under another group's list.
 */
public final class RouteGroups {
  private RouteGroups() {}

  public static Optional<RouteGroup> of(String path) {
    if (path == null) {
      return Optional.empty();
    }
    return switch (path) {
      case "/v1/decisions", "/v1/actions", "/mcp", "/.well-known/oauth-protected-resource" ->
          Optional.of(RouteGroup.AGENT);
      case "/metrics" -> Optional.of(RouteGroup.METRICS);
      case "/healthz", "/readyz" -> Optional.of(RouteGroup.HEALTH);
      default -> {
        if (under(path, "/mcp")
            || under(path, "/v1/actions")
            || under(path, "/v1/sessions")
            || under(path, "/.well-known/oauth-protected-resource")) {
          yield Optional.of(RouteGroup.AGENT);
        }
        if (under(path, "/v1/ledger") || under(path, "/v1/admin")) {
          yield Optional.of(RouteGroup.ADMIN);
        }
        if (under(path, "/console") || under(path, "/approvals")) {
          yield Optional.of(RouteGroup.CONSOLE);
        }
        yield Optional.empty();
      }
    };
  }

  /** The path itself or below it: {@code /v1/ledger/x}, but never {@code /v1/ledgerx}. */
  private static boolean under(String path, String root) {
    return path.equals(root)
        || (path.startsWith(root)
            && path.length() > root.length()
            && path.charAt(root.length()) == '/');
  }
}
