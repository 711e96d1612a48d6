package dev.sallyport.gateway.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.IdentitySettings;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.model.TenantId;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates bearer tokens: signature against the issuer's keys (allowlisted algorithms only),
 * issuer, audience, expiry and not-before with bounded skew, {@code typ}, size. Then maps the token
 * to a principal: the tenant from the tenant claim, an agent only when the tenant registers it, a
 * human with roles from their IdP groups. Any defect is a {@link Identity.Failed}.
 */
public final class TokenAuthenticator {
  /** Tokens larger than this are refused before any parsing. */
  public static final int MAX_TOKEN_LENGTH = 8192;

  private final Deployment deployment;
  private final IdentitySettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor;

  public TokenAuthenticator(Deployment deployment, JWKSource<SecurityContext> keys, Clock clock) {
    this.deployment = deployment;
    this.settings = deployment.identity();
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    for (String name : settings.algorithms()) {
      algorithms.add(JWSAlgorithm.parse(name));
    }
    DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
    jwtProcessor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            settings.audience(),
            new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
            Set.of("sub", "exp", "iat", settings.tenantClaim())) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    jwtProcessor.setJWTClaimsSetVerifier(claims);
    this.processor = jwtProcessor;
  }

  /** Authenticates the value of an {@code Authorization} header, which may be absent. */
  public Identity authenticate(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return new Identity.Unauthenticated();
    }
    String header = authorization.get();
    if (header.length() > MAX_TOKEN_LENGTH + 7) {
      return new Identity.Failed("token too large");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Identity.Failed("expected a Bearer token");
    }
    String token = header.substring(7).trim();
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      return new Identity.Failed("malformed token");
    } catch (BadJOSEException e) {
      return new Identity.Failed("invalid token: " + safeReason(e));
    } catch (JOSEException | RuntimeException e) {
      // Includes the key source failing (IdP unreachable): never an allow.
      return new Identity.Failed("token could not be verified");
    }
    return principal(claims);
  }

  private Identity principal(JWTClaimsSet claims) {
    try {
      String tenantName = claims.getStringClaim(settings.tenantClaim());
      TenantId tenantId;
      try {
        tenantId = TenantId.of(tenantName);
      } catch (IllegalArgumentException e) {
        return new Identity.Failed("unknown tenant");
      }
      Optional<TenantConfig> tenant = deployment.tenant(tenantId);
      if (tenant.isEmpty()) {
        return new Identity.Failed("unknown tenant");
      }
      String subject = claims.getSubject();
      String type = claims.getStringClaim(settings.principalTypeClaim());
      if ("agent".equals(type)) {
        return tenant
            .get()
            .agentPrincipal(subject)
            .<Identity>map(Identity.Authenticated::new)
            .orElseGet(() -> new Identity.Failed("agent is not registered with the tenant"));
      }
      if ("human".equals(type)) {
        List<String> groups = claims.getStringListClaim(settings.groupsClaim());
        return new Identity.Authenticated(
            tenant.get().humanPrincipal(subject, groups == null ? List.of() : groups));
      }
      return new Identity.Failed("token does not say whether it is an agent or a human");
    } catch (ParseException e) {
      return new Identity.Failed("token claims have the wrong types");
    }
  }

  /** Nimbus messages name the failed check (expired, audience, ...), never the token content. */
  private static String safeReason(BadJOSEException e) {
    String message = e.getMessage() == null ? "rejected" : e.getMessage();
    return message.length() > 120 ? message.substring(0, 120) : message;
  }
}
