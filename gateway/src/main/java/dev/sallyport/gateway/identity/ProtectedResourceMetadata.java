package dev.sallyport.gateway.identity;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.IdentitySettings;
import dev.sallyport.config.IssuerSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this Sallyport tells OAuth clients about itself (RFC 9728), so that a standard MCP client
 * finds the authorization servers on its own: the metadata document, where it is served, and the
 * {@code WWW-Authenticate} challenges of 401 answers (RFC 6750 section 3) that point to it.
 *
 * @param resource this Sallyport's resource identifier: what tokens are requested for (RFC 8707)
 * @param authorizationServers the trusted issuers, in configuration order
 * @param scopesSupported advertised scopes; often none
 */
public record ProtectedResourceMetadata(
    URI resource, List<String> authorizationServers, List<String> scopesSupported) {
  /** The well-known prefix of RFC 9728 section 3. */
  public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  public ProtectedResourceMetadata {
    requireNonNull(resource, "resource is null");
    authorizationServers = List.copyOf(authorizationServers);
    scopesSupported = List.copyOf(scopesSupported);
  }

  /**
   * The metadata of a deployment.
   *
   * @param listening the address the server listens on: the resource when none is configured
   */
  public static ProtectedResourceMetadata of(IdentitySettings identity, URI listening) {
    return new ProtectedResourceMetadata(
        identity.resource().orElse(listening),
        identity.issuers().stream().map(IssuerSettings::issuer).distinct().toList(),
        identity.scopesSupported());
  }

  /** The resource's path without a trailing slash; empty for a bare origin. */
  private String resourcePath() {
    String path = resource.getRawPath() == null ? "" : resource.getRawPath();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * Where the document is (RFC 9728 section 3.1): the well-known prefix inserted between the
   * resource's origin and its path.
   */
  public URI metadataUrl() {
    String text = resource.toString();
    String path = resourcePath();
    String withoutTrailing = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    String origin = withoutTrailing.substring(0, withoutTrailing.length() - path.length());
    return URI.create(origin + WELL_KNOWN + path);
  }

  /**
   * The local paths that serve the document: the root one, the one for the resource's own path, and
   * {@code /mcp}'s (MCP clients try the path-suffixed location first).
   */
  public Set<String> servedPaths() {
    Set<String> paths = new LinkedHashSet<>();
    paths.add(WELL_KNOWN);
    if (!resourcePath().isEmpty()) {
      paths.add(WELL_KNOWN + resourcePath());
    }
    paths.add(WELL_KNOWN + "/mcp");
    return paths;
  }

  /** The JSON document (RFC 9728 section 2). */
  public Map<String, Object> document() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("resource", resource.toString());
    document.put("authorization_servers", authorizationServers);
    document.put("bearer_methods_supported", List.of("header"));
    if (!scopesSupported.isEmpty()) {
      document.put("scopes_supported", scopesSupported);
    }
    return document;
  }

  /** The challenge of a request without a bearer token: no error code (RFC 6750 section 3.1). */
  public String challenge() {
    StringBuilder header = new StringBuilder("Bearer ");
    header.append("resource_metadata=\"").append(metadataUrl()).append('"');
    appendScope(header);
    return header.toString();
  }

  /**
   * The challenge of a refused token: {@code invalid_token} and a description from the fixed
   * sentences of {@link TokenAuthenticator}, reduced to the characters RFC 6750 allows.
   */
  public String invalidToken(String description) {
    StringBuilder header = new StringBuilder("Bearer error=\"invalid_token\"");
    header.append(", error_description=\"").append(quotable(description)).append('"');
    header.append(", resource_metadata=\"").append(metadataUrl()).append('"');
    appendScope(header);
    return header.toString();
  }

  private void appendScope(StringBuilder header) {
    if (!scopesSupported.isEmpty()) {
      header.append(", scope=\"").append(String.join(" ", scopesSupported)).append('"');
    }
  }

  /** RFC 6750 error_description: %x20-21 / %x23-5B / %x5D-7E. */
  private static String quotable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
      out.append(allowed ? c : ' ');
    }
    return out.toString();
  }
}
