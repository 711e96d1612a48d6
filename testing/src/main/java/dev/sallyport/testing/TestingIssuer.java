package dev.sallyport.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An ES256 token issuer for tests: writes its public JWKS where a deployment expects it, mints
 * valid tokens, and lets a test bend any claim or header to make a defective one.
 */
public final class TestingIssuer {
  public static final String ISSUER = "https://sallyport.local/dev-issuer";
  public static final String AUDIENCE = "sallyport";

  /** RFC 9068: the {@code typ} of a JWT access token. */
  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  private final ECKey key;

  public TestingIssuer() {
    try {
      this.key = new ECKeyGenerator(Curve.P_256).keyID("test-" + UUID.randomUUID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the public key set to {@code deployment/keys/jwks.json}, as the examples expect. */
  public TestingIssuer writeJwks(Path deployment) throws IOException {
    Files.createDirectories(deployment.resolve("keys"));
    Files.writeString(
        deployment.resolve("keys/jwks.json"), new JWKSet(key.toPublicJWK()).toString());
    return this;
  }

  public ECKey key() {
    return key;
  }

  /** Valid claims for an agent of a tenant at {@code now}. */
  public static JWTClaimsSet.Builder agentClaims(String tenant, String agent, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(agent)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
        .jwtID(UUID.randomUUID().toString())
        .claim("tenant", tenant)
        .claim("principal_type", "agent");
  }

  /** Valid claims for a person of a tenant with IdP groups. */
  public static JWTClaimsSet.Builder humanClaims(
      String tenant, String user, List<String> groups, Instant now) {
    return agentClaims(tenant, user, now).claim("principal_type", "human").claim("groups", groups);
  }

  public String agentToken(String tenant, String agent, Instant now) {
    return sign(agentClaims(tenant, agent, now).build(), header -> header);
  }

  /**
   * Signs claims with this issuer's key, as an RFC 9068 access token ({@code typ: at+jwt}); {@code
   * header} may bend the JWS header.
   */
  public String sign(JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
    SignedJWT jwt =
        new SignedJWT(
            header
                .apply(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(ACCESS_TOKEN_TYPE))
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
