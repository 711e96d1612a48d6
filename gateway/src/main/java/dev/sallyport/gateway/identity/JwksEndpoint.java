package dev.sallyport.gateway.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;

/** An issuer's JWK set at a known URL ({@code jwks_url}, or the {@code jwks_uri} discovered). */
public final class JwksEndpoint implements KeySetSource {
  private final IdpClient idp;
  private final URI url;

  public JwksEndpoint(IdpClient idp, URI url) {
    this.idp = requireNonNull(idp, "idp is null");
    this.url = requireNonNull(url, "url is null");
  }

  @Override
  public JWKSet fetch() throws IOException {
    IdpClient.Document document = idp.get(url);
    if (document.status() != 200) {
      throw new IOException(url + " answered " + document.status());
    }
    try {
      return JWKSet.parse(new String(document.body(), UTF_8));
    } catch (ParseException e) {
      throw new IOException(url + " did not return a JWK set: " + e.getMessage(), e);
    }
  }
}
