package dev.sallyport.gateway.identity;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sallyport.config.ClaimPath;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.IdentitySettings;
import dev.sallyport.config.IssuerSettings;
import dev.sallyport.config.PrincipalRule;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.model.TenantId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates bearer access tokens (OAuth 2.1 resource server, RFC 9068 JWT access tokens) and maps
 * them to principals. In order, each step refusing with a fixed sentence that never echoes the
 * token:
 *
 * <ol>
 *   <li>one {@code Authorization: Bearer} header; its length is checked before anything is parsed;
 *   <li>three base64url segments, a JWS header and JSON claims;
 *   <li>an {@code iss} among the trusted issuers, whose allowlisted algorithms (asymmetric only)
 *       and {@code typ} values ({@code at+jwt}, {@code JWT} only where configured) apply;
 *   <li>a signature by one of the issuer's keys ({@link IssuerKeys}; an unknown {@code kid} makes a
 *       rate-limited refetch; keys that cannot be had make the outcome {@link
 *       Identity.Unavailable});
 *   <li>{@code exp} and {@code iat} present, {@code exp}, {@code nbf} and {@code iat} within the
 *       issuer's clock skew, {@code aud} containing the issuer's audience, {@code sub} present;
 *   <li>the tenant: the issuer's only tenant, or the tenant claim naming one of the issuer's
 *       tenants;
 *   <li>the kind of principal by the issuer's rules, which must match exactly one way: an agent
 *       (registered with the tenant; roles from the tenant's configuration) or a person (roles from
 *       the IdP groups in this very token, through the tenant's {@code group_roles}).
 * </ol>
 *
 * Never throws: any unexpected failure is a {@link Identity.Failed}.
 */
public final class TokenAuthenticator {
  static final String ONE_HEADER = "send exactly one Authorization header";
  static final String TOO_LARGE = "the access token is too large";
  static final String MALFORMED = "the access token is not a well-formed signed JWT";
  static final String ALGORITHM = "the token's signature algorithm is not accepted";
  static final String TYPE = "the token's type (typ) is not accepted";
  static final String CRITICAL = "the token has critical header parameters";
  static final String ISSUER = "the token's issuer is not trusted";
  static final String UNKNOWN_KEY = "the token is signed with a key its issuer does not publish";
  static final String SIGNATURE = "the token's signature does not verify";
  static final String NO_EXPIRY = "the token has no expiry (exp)";
  static final String EXPIRED = "the token has expired";
  static final String NOT_YET_VALID = "the token is not valid yet (nbf)";
  static final String NO_ISSUE_TIME = "the token has no issue time (iat)";
  static final String ISSUED_IN_FUTURE = "the token's issue time (iat) is in the future";
  static final String AUDIENCE = "the token is not meant for this resource (aud)";
  static final String NO_SUBJECT = "the token has no subject (sub)";
  static final String CLAIM_TYPES = "the token's claims have unexpected types";
  static final String TENANT = "the token names no tenant its issuer may speak for";
  static final String NEITHER =
      "the token is neither an agent's nor a person's by its issuer's rules";
  static final String BOTH = "the token matches both the agent and the person rules of its issuer";
  static final String NO_ID = "the token does not name its principal";
  static final String UNREGISTERED_AGENT = "the agent is not registered with the tenant";
  static final String PERSON_NAMED_AS_AGENT = "the person's id is the id of a registered agent";
  static final String UNVERIFIABLE = "the token could not be verified";

  private final Deployment deployment;
  private final int maxTokenBytes;
  private final Map<String, Trusted> issuers;
  private final Clock clock;

  /** One trusted issuer, ready to check tokens. */
  private record Trusted(IssuerSettings settings, IssuerKeys keys, Set<JWSAlgorithm> algorithms) {}

  /**
   * @throws IllegalArgumentException when the keyring lacks keys for a configured issuer
   */
  public TokenAuthenticator(Deployment deployment, IssuerKeyring keys, Clock clock) {
    this.deployment = deployment;
    this.clock = clock;
    IdentitySettings identity = deployment.identity();
    this.maxTokenBytes = identity.maxTokenBytes();
    Map<String, Trusted> byIssuer = new HashMap<>();
    for (IssuerSettings issuer : identity.issuers()) {
      IssuerKeys issuerKeys =
          keys.keys(issuer.issuer())
              .orElseThrow(() -> new IllegalArgumentException("no keys for " + issuer.issuer()));
      Set<JWSAlgorithm> algorithms =
          issuer.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
      byIssuer.put(issuer.issuer(), new Trusted(issuer, issuerKeys, Set.copyOf(algorithms)));
    }
    this.issuers = Map.copyOf(byIssuer);
  }

  /**
   * Authenticates the values of the request's {@code Authorization} headers (usually none or one).
   */
  public Identity authenticate(List<String> authorization) {
    try {
      if (authorization.isEmpty()) {
        return new Identity.Unauthenticated();
      }
      if (authorization.size() > 1) {
        return new Identity.Failed(ONE_HEADER);
      }
      String header = authorization.get(0);
      if (header == null) {
        return new Identity.Unauthenticated();
      }
      // Before any parsing: the scheme, some spaces, and at most maxTokenBytes of token.
      if (header.length() > maxTokenBytes + 64) {
        return new Identity.Failed(TOO_LARGE);
      }
      String trimmed = header.strip();
      int space = trimmed.indexOf(' ');
      String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
      if (!scheme.equalsIgnoreCase("Bearer")) {
        // Another scheme (Basic, DPoP, ...) is no bearer token at all: RFC 6750 section 3.1.
        return new Identity.Unauthenticated();
      }
      String token = space < 0 ? "" : trimmed.substring(space + 1).stripLeading();
      if (token.length() > maxTokenBytes) {
        return new Identity.Failed(TOO_LARGE);
      }
      return token(token);
    } catch (RuntimeException e) {
      // Fail closed on anything unforeseen in a parser or verifier.
      return new Identity.Failed(UNVERIFIABLE);
    }
  }

  /**
   * The person that already verified claims (an ID token from a console sign-in) name, by the same
   * rules as a bearer token of their issuer: tenant claim, the issuer's rule for people, group
   * claims through {@code group_roles}. Empty for an untrusted issuer, an agent, or claims that
   * name nobody; the caller has checked signature, audience, expiry and nonce.
   */
  public Optional<dev.sallyport.model.Principal> person(JWTClaimsSet claims) {
    try {
      Trusted issuer = claims.getIssuer() == null ? null : issuers.get(claims.getIssuer());
      if (issuer == null
          || issuer.settings().people().isEmpty()
          || claims.getSubject() == null
          || claims.getSubject().isBlank()) {
        return Optional.empty();
      }
      if (principal(claims, issuer.settings()) instanceof Identity.Authenticated(var principal)
          && principal.kind() == dev.sallyport.model.PrincipalKind.HUMAN) {
        return Optional.of(principal);
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      // Fail closed: claims that cannot be mapped sign nobody in.
      return Optional.empty();
    }
  }

  private Identity token(String token) {
    if (!isCompactJws(token)) {
      return new Identity.Failed(MALFORMED);
    }
    int first = token.indexOf('.');
    try {
      if (!(Header.parse(new Base64URL(token.substring(0, first))) instanceof JWSHeader)) {
        return new Identity.Failed(ALGORITHM); // alg "none", or an encryption header
      }
    } catch (ParseException e) {
      return new Identity.Failed(MALFORMED);
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return new Identity.Failed(MALFORMED);
    }
    Trusted issuer = claims.getIssuer() == null ? null : issuers.get(claims.getIssuer());
    if (issuer == null) {
      return new Identity.Failed(ISSUER);
    }
    JWSHeader header = jwt.getHeader();
    if (!issuer.algorithms().contains(header.getAlgorithm())) {
      return new Identity.Failed(ALGORITHM);
    }
    if (!typeAccepted(header.getType(), issuer.settings().tokenTypes())) {
      return new Identity.Failed(TYPE);
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      return new Identity.Failed(CRITICAL);
    }
    VerificationKeys keys;
    try {
      keys = issuer.keys().keys(Optional.ofNullable(header.getKeyID()));
    } catch (KeysUnavailableException e) {
      return new Identity.Unavailable(e.getMessage());
    }
    List<VerificationKeys.Key> candidates = keys.candidates(header);
    if (candidates.isEmpty()) {
      return new Identity.Failed(UNKNOWN_KEY);
    }
    if (!verifies(jwt, candidates)) {
      return new Identity.Failed(SIGNATURE);
    }
    Optional<String> defect = claimsDefect(claims, issuer.settings());
    if (defect.isPresent()) {
      return new Identity.Failed(defect.get());
    }
    return principal(claims, issuer.settings());
  }

  /** Three non-empty base64url segments: JWE (five) and unsigned (empty third) never pass. */
  private static boolean isCompactJws(String token) {
    int dots = 0;
    int segment = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (segment == 0 || ++dots > 2) {
          return false;
        }
        segment = 0;
      } else if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        segment++;
      } else {
        return false;
      }
    }
    return dots == 2 && segment > 0;
  }

  private static boolean typeAccepted(JOSEObjectType type, Set<String> accepted) {
    if (type == null) {
      return false;
    }
    String lower = type.getType().toLowerCase(Locale.ROOT);
    String normalised = lower.startsWith("application/") ? lower.substring(12) : lower;
    return accepted.contains(normalised);
  }

  private static boolean verifies(SignedJWT jwt, List<VerificationKeys.Key> candidates) {
    for (VerificationKeys.Key key : candidates) {
      try {
        if (jwt.verify(key.verifier())) {
          return true;
        }
      } catch (JOSEException | IllegalStateException e) {
        // This key cannot check this signature: try the next; none is a refusal.
      }
    }
    return false;
  }

  private Optional<String> claimsDefect(JWTClaimsSet claims, IssuerSettings issuer) {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    Date nbf = claims.getNotBeforeTime();
    Date iat = claims.getIssueTime();
    if (exp == null) {
      return Optional.of(NO_EXPIRY);
    }
    if (!now.isBefore(exp.toInstant().plus(issuer.clockSkew()))) {
      return Optional.of(EXPIRED);
    }
    if (nbf != null && now.plus(issuer.clockSkew()).isBefore(nbf.toInstant())) {
      return Optional.of(NOT_YET_VALID);
    }
    if (iat == null) {
      return Optional.of(NO_ISSUE_TIME);
    }
    if (iat.toInstant().isAfter(now.plus(issuer.clockSkew()))) {
      return Optional.of(ISSUED_IN_FUTURE);
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(issuer.audience())) {
      return Optional.of(AUDIENCE);
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      return Optional.of(NO_SUBJECT);
    }
    return Optional.empty();
  }

  private Identity principal(JWTClaimsSet claims, IssuerSettings issuer) {
    Map<String, Object> values = claims.getClaims();
    Optional<TenantConfig> tenant = tenant(values, issuer);
    if (tenant.isEmpty()) {
      return new Identity.Failed(TENANT);
    }
    boolean agent = issuer.agents().map(r -> r.matches(values)).orElse(false);
    boolean person = issuer.people().map(r -> r.matches(values)).orElse(false);
    if (agent && person) {
      // An agent must never pass for a person: when the rules cannot tell, nobody gets in.
      return new Identity.Failed(BOTH);
    }
    if (!agent && !person) {
      return new Identity.Failed(NEITHER);
    }
    PrincipalRule rule = agent ? issuer.agents().orElseThrow() : issuer.people().orElseThrow();
    if (!(rule.idClaim().lookup(values).orElse(null) instanceof String id) || id.isBlank()) {
      return new Identity.Failed(NO_ID);
    }
    if (agent) {
      return tenant
          .get()
          .agentPrincipal(id)
          .<Identity>map(Identity.Authenticated::new)
          .orElseGet(() -> new Identity.Failed(UNREGISTERED_AGENT));
    }
    if (tenant.get().agents().containsKey(id)) {
      return new Identity.Failed(PERSON_NAMED_AS_AGENT);
    }
    Optional<List<String>> groups = groups(values, issuer.groupClaims());
    if (groups.isEmpty()) {
      return new Identity.Failed(CLAIM_TYPES);
    }
    return new Identity.Authenticated(tenant.get().humanPrincipal(id, groups.get()));
  }

  private Optional<TenantConfig> tenant(Map<String, Object> values, IssuerSettings issuer) {
    Optional<TenantId> id;
    if (issuer.tenantClaim().isPresent()) {
      id =
          issuer
              .tenantClaim()
              .get()
              .lookup(values)
              .filter(String.class::isInstance)
              .map(String.class::cast)
              .flatMap(TokenAuthenticator::tenantId)
              .filter(issuer.tenants()::contains);
    } else {
      id = Optional.of(issuer.tenants().iterator().next());
    }
    return id.flatMap(deployment::tenant);
  }

  private static Optional<TenantId> tenantId(String name) {
    try {
      return Optional.of(TenantId.of(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The union of the group claims' strings; empty when a claim is neither a string nor strings. */
  private static Optional<List<String>> groups(Map<String, Object> values, List<ClaimPath> paths) {
    Set<String> groups = new LinkedHashSet<>();
    for (ClaimPath path : paths) {
      Optional<Object> value = path.lookup(values);
      if (value.isEmpty()) {
        continue;
      }
      switch (value.get()) {
        case String group -> groups.add(group);
        case List<?> list -> {
          for (Object item : list) {
            if (!(item instanceof String group)) {
              return Optional.empty();
            }
            groups.add(group);
          }
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.of(List.copyOf(groups));
  }
}
