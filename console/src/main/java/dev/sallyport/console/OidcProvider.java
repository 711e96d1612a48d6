package dev.sallyport.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The endpoints of an OpenID provider, from its discovery document. The document must name the
 * configured issuer exactly (OpenID Connect Discovery §4.3), and every endpoint must be https
 * unless it is on loopback.
 */
public record OidcProvider(
    URI issuer,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI jwksUri,
    Optional<URI> endSessionEndpoint) {
  private static final int MAX_DOCUMENT = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  public OidcProvider {
    requireNonNull(issuer, "issuer is null");
    requireNonNull(authorizationEndpoint, "authorizationEndpoint is null");
    requireNonNull(tokenEndpoint, "tokenEndpoint is null");
    requireNonNull(jwksUri, "jwksUri is null");
    requireNonNull(endSessionEndpoint, "endSessionEndpoint is null");
    for (URI endpoint : new URI[] {authorizationEndpoint, tokenEndpoint, jwksUri}) {
      requireSafe(endpoint);
    }
    endSessionEndpoint.ifPresent(OidcProvider::requireSafe);
  }

  /**
   * Fetches {@code <issuer>/.well-known/openid-configuration}.
   *
   * @throws IOException when it cannot be fetched, is too large, is not JSON, names another issuer
   *     or lacks an endpoint
   */
  public static OidcProvider discover(HttpClient client, URI issuer, Duration timeout)
      throws IOException {
    requireSafe(issuer);
    String base = issuer.toString().endsWith("/") ? issuer.toString() : issuer + "/";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + ".well-known/openid-configuration"))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    JsonNode document;
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("discovery answered HTTP " + response.statusCode());
        }
        byte[] bytes = body.readNBytes(MAX_DOCUMENT + 1);
        if (bytes.length > MAX_DOCUMENT) {
          throw new IOException("discovery document too large");
        }
        document = JSON.readTree(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during discovery", e);
    }
    if (document == null || !document.isObject()) {
      throw new IOException("discovery document is not a JSON object");
    }
    if (!issuer.toString().equals(text(document, "issuer"))) {
      throw new IOException("discovery document names another issuer");
    }
    try {
      return new OidcProvider(
          issuer,
          URI.create(text(document, "authorization_endpoint")),
          URI.create(text(document, "token_endpoint")),
          URI.create(text(document, "jwks_uri")),
          document.hasNonNull("end_session_endpoint")
              ? Optional.of(URI.create(text(document, "end_session_endpoint")))
              : Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new IOException("discovery document: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode document, String field) throws IOException {
    JsonNode value = document.get(field);
    if (value == null || !value.isTextual()) {
      throw new IOException("discovery document lacks " + field);
    }
    return value.textValue();
  }

  private static void requireSafe(URI endpoint) {
    String host = endpoint.getHost();
    boolean loopback = "127.0.0.1".equals(host) || "[::1]".equals(host) || "localhost".equals(host);
    if (!"https".equals(endpoint.getScheme())
        && !("http".equals(endpoint.getScheme()) && loopback)) {
      throw new IllegalArgumentException("endpoint must be https: " + endpoint);
    }
  }
}
