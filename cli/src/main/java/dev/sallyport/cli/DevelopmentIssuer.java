package dev.sallyport.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.IdentitySettings;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A local token issuer for development and the quickstart: an ES256 key whose public half is the
 * deployment's {@code jwks_file}, and whose private half stays beside it (mode 0600). Production
 * deployments use their IdP instead; this class never runs inside {@code serve}.
 */
public final class DevelopmentIssuer {
  static final String PRIVATE_KEY_FILE = "dev-signing-key.json";

  private final ECKey key;
  private final IdentitySettings identity;

  private DevelopmentIssuer(ECKey key, IdentitySettings identity) {
    this.key = key;
    this.identity = identity;
  }

  /** Where the key pair lives for a deployment; only file-based identities have one. */
  static Path publicKeys(Deployment deployment) {
    return deployment
        .identity()
        .jwksFile()
        .orElseThrow(() ->
            new IllegalStateException(
                "this deployment takes keys from jwks_url; development tokens need jwks_file"));
  }

  /**
   * Creates the key pair when it does not exist yet.
   *
   * @return true when keys were created, false when they were already there
   */
  static boolean initialise(Deployment deployment) throws IOException, JOSEException {
    Path jwks = publicKeys(deployment);
    Path privateKey = jwks.resolveSibling(PRIVATE_KEY_FILE);
    if (Files.exists(privateKey) && Files.exists(jwks)) {
      return false;
    }
    ECKey key =
        new ECKeyGenerator(Curve.P_256)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.ES256)
            .keyID("dev-" + UUID.randomUUID().toString().substring(0, 8))
            .generate();
    Files.createDirectories(jwks.getParent());
    Files.writeString(privateKey, key.toJSONString(), StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own permissions are all there is.
    }
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString(), StandardCharsets.UTF_8);
    return true;
  }

  static DevelopmentIssuer load(Deployment deployment) throws IOException {
    Path privateKey = publicKeys(deployment).resolveSibling(PRIVATE_KEY_FILE);
    if (!Files.exists(privateKey)) {
      throw new IOException(
          "no development key at " + privateKey + " (run: ./sallyport keys init --config DIR)");
    }
    try {
      return new DevelopmentIssuer(
          ECKey.parse(Files.readString(privateKey)), deployment.identity());
    } catch (ParseException e) {
      throw new IOException("the development key at " + privateKey + " is not an EC JWK", e);
    }
  }

  /** A signed access token for a principal of a tenant, valid from {@code now} for {@code ttl}. */
  String mint(
      TenantId tenant,
      String subject,
      PrincipalKind kind,
      List<String> groups,
      Instant now,
      Duration ttl)
      throws JOSEException {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(identity.issuer())
            .audience(identity.audience())
            .subject(subject)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .claim(identity.tenantClaim(), tenant.value())
            .claim(identity.principalTypeClaim(), kind.configName());
    if (kind == PrincipalKind.HUMAN) {
      claims.claim(identity.groupsClaim(), groups);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}
