package dev.sallyport.gateway.identity;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;

/** Fetches an issuer's current JWK set from the network. */
@FunctionalInterface
public interface KeySetSource {
  /**
   * @throws IOException on any failure: unreachable, timed out, not 200, too large, not a JWK set
   */
  JWKSet fetch() throws IOException;
}
