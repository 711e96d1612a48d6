package dev.sallyport.gateway.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.sallyport.config.IdentitySettings;
import java.io.IOException;
import java.net.MalformedURLException;
import java.text.ParseException;

/** Where the issuer's public keys come from: a local JWKS file, or the issuer's JWKS URL. */
public final class IssuerKeys {
  private IssuerKeys() {}

  /**
   * The key source for the settings. A file is read once, now; a URL is fetched on first use and
   * cached, and a fetch failure fails the token check (never an allow).
   *
   * @throws IllegalStateException when the file cannot be read or holds no public keys
   */
  public static JWKSource<SecurityContext> from(IdentitySettings settings) {
    if (settings.jwksFile().isPresent()) {
      try {
        JWKSet keys = JWKSet.load(settings.jwksFile().get().toFile()).toPublicJWKSet();
        if (keys.isEmpty()) {
          throw new IllegalStateException(
              "the JWKS file holds no public keys: " + settings.jwksFile().get());
        }
        return new ImmutableJWKSet<>(keys);
      } catch (IOException | ParseException e) {
        throw new IllegalStateException(
            "cannot read the JWKS file "
                + settings.jwksFile().get()
                + " (run: ./sallyport keys init --config DIR)",
            e);
      }
    }
    try {
      return JWKSourceBuilder.create(settings.jwksUrl().orElseThrow().toURL())
          .cache(true)
          .rateLimited(true)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("the JWKS URL is not a URL", e);
    }
  }
}
