package dev.sallyport.gateway.identity;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Optional;

/**
 * The public keys of one trusted issuer: a fixed set (a local JWKS file), or a {@link JwksCache}
 * over the network.
 */
public interface IssuerKeys {
  /**
   * The keys to verify a token with. A key set from the network may be fetched first: when it never
   * was, when it is older than its maximum age, or when {@code keyId} names a key it does not hold
   * (each rate-limited).
   *
   * @throws KeysUnavailableException when no keys the IdP confirmed recently enough are at hand
   */
  VerificationKeys keys(Optional<String> keyId) throws KeysUnavailableException;

  /** Fetches again when the refresh interval has passed; the scheduler calls this. */
  default void refreshIfDue() {}

  /** A fixed key set. */
  static IssuerKeys fixed(VerificationKeys keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no usable public signing keys");
    }
    return keyId -> keys;
  }

  /**
   * The keys of a local JWKS file, read now.
   *
   * @throws IllegalStateException when the file cannot be read or holds no usable public keys
   */
  static IssuerKeys fromFile(Path file) {
    VerificationKeys keys;
    try {
      keys = VerificationKeys.of(JWKSet.load(file.toFile()));
    } catch (IOException | ParseException e) {
      throw new IllegalStateException(
          "cannot read the JWKS file " + file + " (run: ./sallyport keys init --config DIR)", e);
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException("the JWKS file holds no usable public keys: " + file);
    }
    return fixed(keys);
  }
}
