package dev.sallyport.gateway.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An issuer's JWK set found through its metadata, looked up again at every fetch (so a moved {@code
 * jwks_uri} is followed). The metadata locations, in order:
 *
 * <ol>
 *   <li>OpenID Connect Discovery 1.0: {@code {issuer}/.well-known/openid-configuration};
 *   <li>RFC 8414: {@code {origin}/.well-known/oauth-authorization-server{path}};
 *   <li>the same name appended to the issuer, as some servers publish it.
 * </ol>
 *
 * The first document answered with 200 is used, and only when its {@code issuer} is exactly the
 * configured one (RFC 8414 section 3.3, OIDC Discovery section 4.3: a mismatch means the document
 * is another issuer's) and its {@code jwks_uri} is {@code https}.
 */
public final class DiscoveredJwks implements KeySetSource {
  private final IdpClient idp;
  private final URI issuer;

  public DiscoveredJwks(IdpClient idp, URI issuer) {
    this.idp = requireNonNull(idp, "idp is null");
    this.issuer = requireNonNull(issuer, "issuer is null");
  }

  /** Where the metadata may be, in the order tried. */
  public static List<URI> metadataLocations(URI issuer) {
    String text = issuer.toString();
    String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String origin = base.substring(0, base.length() - path.length());
    List<URI> locations = new ArrayList<>();
    locations.add(URI.create(base + "/.well-known/openid-configuration"));
    locations.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
    URI appended = URI.create(base + "/.well-known/oauth-authorization-server");
    if (!locations.contains(appended)) {
      locations.add(appended);
    }
    return List.copyOf(locations);
  }

  @Override
  public JWKSet fetch() throws IOException {
    List<String> answers = new ArrayList<>();
    for (URI location : metadataLocations(issuer)) {
      IdpClient.Document document = idp.get(location);
      if (document.status() != 200) {
        answers.add(location + " " + document.status());
        continue;
      }
      return new JwksEndpoint(idp, jwksUri(location, document.body())).fetch();
    }
    throw new IOException("no authorization server metadata: " + String.join(", ", answers));
  }

  private URI jwksUri(URI location, byte[] body) throws IOException {
    Map<String, Object> metadata;
    try {
      metadata = JSONObjectUtils.parse(new String(body, UTF_8));
    } catch (ParseException e) {
      throw new IOException(location + " is not a JSON object", e);
    }
    if (!(metadata.get("issuer") instanceof String named) || !named.equals(issuer.toString())) {
      throw new IOException(location + " describes another issuer");
    }
    if (!(metadata.get("jwks_uri") instanceof String jwks)) {
      throw new IOException(location + " has no jwks_uri");
    }
    try {
      return new URI(jwks);
    } catch (URISyntaxException e) {
      throw new IOException(location + " has a jwks_uri that is not a URL", e);
    }
  }
}
