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
import dev.sallyport.config.ClaimCondition;
import dev.sallyport.config.ClaimPath;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.IssuerSettings;
import dev.sallyport.config.PrincipalRule;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A local token issuer for development and the quickstart: an ES256 key whose public half is the
 * {@code jwks_file} of the deployment's first issuer that has one, and whose private half stays
 * beside it (mode 0600). Its tokens satisfy that issuer's configuration: audience, tenant claim,
 * and the first alternative of its agent or person rule. Production deployments use their IdP
 * instead; this class never runs inside {@code serve}.
 */
public final class DevelopmentIssuer {
  static final String PRIVATE_KEY_FILE = "dev-signing-key.json";

  private final ECKey key;
  private final IssuerSettings issuer;

  private DevelopmentIssuer(ECKey key, IssuerSettings issuer) {
    this.key = key;
    this.issuer = issuer;
  }

  /** The first issuer whose keys are a local file: the only kind a development key can serve. */
  static IssuerSettings fileIssuer(Deployment deployment) {
    return deployment.identity().issuers().stream()
        .filter(i -> i.keys() instanceof IssuerSettings.KeySource.JwksFile)
        .findFirst()
        .orElseThrow(() ->
            new IllegalStateException(
                "no issuer of this deployment takes keys from a jwks_file;"
                    + " development tokens need one"));
  }

  /** Where the key pair lives for a deployment. */
  static Path publicKeys(Deployment deployment) {
    return ((IssuerSettings.KeySource.JwksFile) fileIssuer(deployment).keys()).file();
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
          ECKey.parse(Files.readString(privateKey)), fileIssuer(deployment));
    } catch (ParseException e) {
      throw new IOException("the development key at " + privateKey + " is not an EC JWK", e);
    }
  }

  /**
   * A signed RFC 9068 access token for a principal of a tenant, valid from {@code now} for {@code
   * ttl}.
   *
   * @throws IllegalStateException when the issuer accepts no principals of this kind, or does not
   *     speak for the tenant
   */
  String mint(
      TenantId tenant,
      String subject,
      PrincipalKind kind,
      List<String> groups,
      Instant now,
      Duration ttl)
      throws JOSEException {
    PrincipalRule rule =
        (kind == PrincipalKind.AGENT ? issuer.agents() : issuer.people())
            .orElseThrow(() ->
                new IllegalStateException(
                    "issuer " + issuer.issuer() + " accepts no " + kind.configName() + " tokens"));
    if (!issuer.tenants().contains(tenant)) {
      throw new IllegalStateException(
          "issuer " + issuer.issuer() + " does not speak for tenant " + tenant.value());
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    issuer.tenantClaim().ifPresent(path -> put(claims, path, tenant.value()));
    // The first alternative of the rule, made true: an equals is written, a prefix is written
    // before the subject, a required claim gets a value, a forbidden one is left out.
    for (ClaimCondition condition : rule.match().get(0)) {
      switch (condition) {
        case ClaimCondition.Equals e -> put(claims, e.path(), e.value());
        case ClaimCondition.Prefix p -> put(claims, p.path(), p.prefix() + subject);
        case ClaimCondition.Present p -> {
          if (p.present()) {
            put(claims, p.path(), "development");
          }
        }
      }
    }
    put(claims, rule.idClaim(), subject);
    if (kind == PrincipalKind.HUMAN && !issuer.groupClaims().isEmpty()) {
      put(claims, issuer.groupClaims().get(0), groups);
    }
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    claims.forEach(builder::claim);
    builder
        .issuer(issuer.issuer())
        .audience(issuer.audience())
        .subject(subject)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString());
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            builder.build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  /** Puts a value at a claim path, creating the objects on the way. */
  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> claims, ClaimPath path, Object value) {
    Map<String, Object> object = claims;
    List<String> names = path.names();
    for (String name : names.subList(0, names.size() - 1)) {
      object =
          (Map<String, Object>)
              object.compute(
                  name, (k, v) -> v instanceof Map<?, ?> ? v : new LinkedHashMap<String, Object>());
    }
    object.put(names.get(names.size() - 1), value);
  }
}
