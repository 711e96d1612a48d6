package dev.sallyport.gateway.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An issuer's public signing keys as Sallyport uses them: RSA keys of at least 2048 bits and EC
 * keys (the JWK parser already refuses points off their curve), each with its verifier built once.
 * Private parts are dropped; symmetric ({@code oct}) keys, encryption keys and key types Sallyport
 * does not verify with are left out, so an HMAC key can never verify a token.
 */
public record VerificationKeys(List<Key> keys) {
  private static final int MIN_RSA_BITS = 2048;

  public VerificationKeys {
    keys = List.copyOf(keys);
  }

  /** One public key and its verifier (nimbus verifiers are thread-safe). */
  public record Key(JWK jwk, JWSVerifier verifier) {}

  /** The usable signing keys of a JWK set; possibly none. */
  public static VerificationKeys of(JWKSet set) {
    List<Key> usable = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        continue;
      }
      try {
        switch (jwk) {
          case RSAKey rsa when rsa.size() >= MIN_RSA_BITS -> {
            RSAKey publicKey = rsa.toPublicJWK();
            usable.add(new Key(publicKey, new RSASSAVerifier(publicKey)));
          }
          case ECKey ec -> {
            ECKey publicKey = ec.toPublicJWK();
            usable.add(new Key(publicKey, new ECDSAVerifier(publicKey)));
          }
          default -> {
            // oct (HMAC), OKP (EdDSA, not supported), short RSA: never used to verify.
          }
        }
      } catch (JOSEException e) {
        // A key that cannot become a verifier (an unsupported curve) is skipped, not trusted.
      }
    }
    return new VerificationKeys(usable);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** True when a key has this {@code kid}. */
  public boolean hasKeyId(String keyId) {
    return keys.stream().anyMatch(k -> keyId.equals(k.jwk().getKeyID()));
  }

  /**
   * The keys that may have signed a token with this header: same key type and curve as its
   * algorithm, same {@code kid} when it names one, and no contradicting {@code alg} or {@code use}.
   */
  public List<Key> candidates(JWSHeader header) {
    JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
    if (matcher == null) {
      return List.of();
    }
    // The matcher leaves the curve open: ES256 is P-256 only, ES384 P-384, ES512 P-521.
    Set<Curve> known = Curve.forJWSAlgorithm(header.getAlgorithm());
    Set<Curve> curves = known == null ? Set.of() : known;
    return keys.stream()
        .filter(k -> matcher.matches(k.jwk()))
        .filter(k -> !(k.jwk() instanceof ECKey ec) || curves.contains(ec.getCurve()))
        .toList();
  }
}
