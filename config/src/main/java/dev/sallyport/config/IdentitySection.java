package dev.sallyport.config;

import dev.sallyport.model.TenantId;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code identity:} block of {@code sallyport.yaml}: the trusted issuers and the RFC 9728
 * metadata. See {@code docs/configuration.md} and {@code docs/identity.md}.
 */
final class IdentitySection {
  static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256");

  private static final Set<String> ACCEPTABLE_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  /** {@code typ} values as compared: lower case, without the optional {@code application/}. */
  private static final Set<String> TOKEN_TYPES = Set.of("at+jwt", "jwt");

  /** RFC 6749 scope-token characters: scopes are written into a quoted header parameter. */
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,128}");

  private IdentitySection() {}

  static IdentitySettings read(Path dir, YamlNode node, Set<TenantId> tenants)
      throws ConfigException {
    YamlNode.Fields f =
        node.fields(Set.of("resource", "scopes_supported", "max_token_bytes", "issuers"));
    Optional<URI> resource = Optional.empty();
    if (f.has("resource")) {
      YamlNode r = f.required("resource");
      URI uri = httpsOrLoopback(r, "resource");
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw r.problem("resource must have no query and no fragment (RFC 8707)");
      }
      resource = Optional.of(uri);
    }
    List<String> scopes = List.of();
    if (f.has("scopes_supported")) {
      YamlNode s = f.required("scopes_supported");
      scopes = s.strings();
      for (String scope : scopes) {
        if (!SCOPE.matcher(scope).matches()) {
          throw s.problem("'" + scope + "' is not an OAuth scope (no spaces, quotes or '\\')");
        }
      }
    }
    int maxTokenBytes = IdentitySettings.MAX_TOKEN_BYTES_LIMIT;
    if (f.has("max_token_bytes")) {
      maxTokenBytes =
          (int)
              range(
                  f.required("max_token_bytes"),
                  "max_token_bytes",
                  IdentitySettings.MIN_TOKEN_BYTES_LIMIT,
                  IdentitySettings.MAX_TOKEN_BYTES_LIMIT);
    }
    YamlNode list = f.required("issuers");
    List<YamlNode> items = list.list();
    if (items.isEmpty()) {
      throw list.problem("at least one issuer is required");
    }
    List<IssuerSettings> issuers = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (YamlNode item : items) {
      IssuerSettings issuer = issuer(dir, item, tenants, items.size() == 1);
      if (!seen.add(issuer.issuer())) {
        throw item.problem("issuer '" + issuer.issuer() + "' is listed twice");
      }
      issuers.add(issuer);
    }
    return new IdentitySettings(resource, scopes, maxTokenBytes, issuers);
  }

  private static IssuerSettings issuer(
      Path dir, YamlNode node, Set<TenantId> deploymentTenants, boolean onlyIssuer)
      throws ConfigException {
    YamlNode.Fields f =
        node.fields(
            Set.of(
                "issuer",
                "audience",
                "jwks_file",
                "jwks_url",
                "discovery",
                "algorithms",
                "token_types",
                "clock_skew_seconds",
                "jwks_refresh_seconds",
                "jwks_min_refresh_seconds",
                "max_key_age_seconds",
                "tenants",
                "tenant_claim",
                "principals",
                "group_claims"));
    YamlNode issuerNode = f.required("issuer");
    String issuer = issuerNode.nonBlankString();
    String audience = f.required("audience").nonBlankString();

    int sources = (f.has("jwks_file") ? 1 : 0) + (f.has("jwks_url") ? 1 : 0);
    sources += f.has("discovery") ? 1 : 0;
    if (sources != 1) {
      throw node.problem("exactly one of 'jwks_file', 'jwks_url' and 'discovery' must be set");
    }
    IssuerSettings.KeySource keys;
    if (f.has("jwks_file")) {
      YamlNode file = f.required("jwks_file");
      try {
        keys =
            new IssuerSettings.KeySource.JwksFile(dir.resolve(file.nonBlankString()).normalize());
      } catch (InvalidPathException e) {
        throw file.problem("not a valid file path");
      }
      for (String remoteOnly :
          List.of("jwks_refresh_seconds", "jwks_min_refresh_seconds", "max_key_age_seconds")) {
        if (f.has(remoteOnly)) {
          throw f.required(remoteOnly)
              .problem(remoteOnly + " applies to jwks_url and discovery only: a file is read once");
        }
      }
    } else if (f.has("jwks_url")) {
      keys =
          new IssuerSettings.KeySource.JwksUrl(httpsOrLoopback(f.required("jwks_url"), "jwks_url"));
    } else {
      YamlNode discovery = f.required("discovery");
      if (!discovery.bool()) {
        throw discovery.problem("write 'discovery: true', or leave it out and name the keys");
      }
      URI issuerUrl = httpsOrLoopback(issuerNode, "with discovery, the issuer");
      if (issuerUrl.getRawQuery() != null || issuerUrl.getRawFragment() != null) {
        throw issuerNode.problem("an issuer URL has no query and no fragment (RFC 8414)");
      }
      keys = new IssuerSettings.KeySource.Discovery(issuerUrl);
    }

    List<String> algorithms = DEFAULT_ALGORITHMS;
    if (f.has("algorithms")) {
      YamlNode a = f.required("algorithms");
      algorithms = a.strings();
      for (String alg : algorithms) {
        if (alg.equals("EdDSA")) {
          throw a.problem("algorithm 'EdDSA' is not supported yet (RS*, PS* and ES* are)");
        }
        if (!ACCEPTABLE_ALGORITHMS.contains(alg)) {
          throw a.problem(
              "algorithm '"
                  + alg
                  + "' is not accepted (asymmetric algorithms only, never none or HS*)");
        }
      }
      if (algorithms.isEmpty()) {
        throw a.problem("at least one algorithm is required");
      }
    }

    Set<String> tokenTypes = Set.of("at+jwt");
    if (f.has("token_types")) {
      YamlNode t = f.required("token_types");
      Set<String> types = new LinkedHashSet<>();
      for (String type : t.strings()) {
        String normalised = normaliseType(type);
        if (!TOKEN_TYPES.contains(normalised)) {
          throw t.problem("token type '" + type + "' is not accepted (at+jwt or JWT)");
        }
        types.add(normalised);
      }
      if (types.isEmpty()) {
        throw t.problem("at least one token type is required");
      }
      tokenTypes = types;
    }

    Duration skew = Duration.ofSeconds(60);
    if (f.has("clock_skew_seconds")) {
      skew =
          Duration.ofSeconds(range(f.required("clock_skew_seconds"), "clock_skew_seconds", 0, 300));
    }

    IssuerSettings.KeyRefresh defaults = IssuerSettings.KeyRefresh.DEFAULTS;
    Duration interval =
        seconds(f, "jwks_refresh_seconds", defaults.interval(), 60, Duration.ofDays(1).toSeconds());
    Duration minInterval = seconds(f, "jwks_min_refresh_seconds", defaults.minInterval(), 1, 3600);
    Duration maxKeyAge =
        seconds(f, "max_key_age_seconds", defaults.maxKeyAge(), 60, Duration.ofDays(7).toSeconds());
    if (minInterval.compareTo(interval) > 0) {
      throw node.problem("jwks_min_refresh_seconds must not be longer than jwks_refresh_seconds");
    }
    if (interval.compareTo(maxKeyAge) > 0) {
      throw node.problem("max_key_age_seconds must not be shorter than jwks_refresh_seconds");
    }

    Set<TenantId> tenants = new LinkedHashSet<>();
    if (f.has("tenants")) {
      YamlNode t = f.required("tenants");
      for (YamlNode item : t.list()) {
        String name = item.nonBlankString();
        TenantId id;
        try {
          id = TenantId.of(name);
        } catch (IllegalArgumentException e) {
          throw item.problem(e.getMessage());
        }
        if (!deploymentTenants.contains(id)) {
          throw item.problem("unknown tenant '" + name + "' (not in the tenants list)");
        }
        if (!tenants.add(id)) {
          throw item.problem("tenant '" + name + "' is listed twice");
        }
      }
      if (tenants.isEmpty()) {
        throw t.problem("at least one tenant is required");
      }
    } else if (onlyIssuer) {
      tenants.addAll(deploymentTenants);
    } else {
      // With several issuers, one that may speak for every tenant is how tenant A's IdP mints
      // tokens for tenant B: each issuer names its tenants.
      throw node.problem("with several issuers, each must list its 'tenants'");
    }
    Optional<ClaimPath> tenantClaim = Optional.empty();
    if (f.has("tenant_claim")) {
      tenantClaim = Optional.of(claimPath(f.required("tenant_claim")));
    } else if (tenants.size() > 1) {
      throw node.problem(
          "an issuer of several tenants needs 'tenant_claim' (the claim naming the tenant)");
    }

    Optional<PrincipalRule> agents = Optional.of(PrincipalRule.principalTypeClaim("agent"));
    Optional<PrincipalRule> people = Optional.of(PrincipalRule.principalTypeClaim("human"));
    if (f.has("principals")) {
      YamlNode p = f.required("principals");
      YamlNode.Fields kinds = p.fields(Set.of("agent", "human"));
      agents = kinds.has("agent") ? Optional.of(rule(kinds.required("agent"))) : Optional.empty();
      people = kinds.has("human") ? Optional.of(rule(kinds.required("human"))) : Optional.empty();
      if (agents.isEmpty() && people.isEmpty()) {
        throw p.problem("principals needs an 'agent' rule, a 'human' rule or both");
      }
    }

    List<ClaimPath> groupClaims = List.of(ClaimPath.parse("groups"));
    if (f.has("group_claims")) {
      YamlNode g = f.required("group_claims");
      List<ClaimPath> paths = new ArrayList<>();
      for (YamlNode item : g.list()) {
        paths.add(claimPath(item));
      }
      groupClaims = paths;
    }
    return new IssuerSettings(
        issuer,
        audience,
        keys,
        algorithms,
        tokenTypes,
        skew,
        new IssuerSettings.KeyRefresh(interval, minInterval, maxKeyAge),
        tenants,
        tenantClaim,
        agents,
        people,
        groupClaims);
  }

  /** {@code match: [{claim: {equals|prefix|present: ...}, ...}, ...]} and {@code id_claim}. */
  private static PrincipalRule rule(YamlNode node) throws ConfigException {
    YamlNode.Fields f = node.fields(Set.of("match", "id_claim"));
    YamlNode matchNode = f.required("match");
    List<List<ClaimCondition>> alternatives = new ArrayList<>();
    for (YamlNode alternative : matchNode.list()) {
      List<ClaimCondition> conditions = new ArrayList<>();
      for (Map.Entry<String, YamlNode> e : alternative.entries().entrySet()) {
        ClaimPath path;
        try {
          path = ClaimPath.parse(e.getKey());
        } catch (IllegalArgumentException ex) {
          throw e.getValue().keyProblem("'" + e.getKey() + "' is not a claim name or path");
        }
        YamlNode.Fields c = e.getValue().fields(Set.of("equals", "prefix", "present"));
        int tests = (c.has("equals") ? 1 : 0) + (c.has("prefix") ? 1 : 0);
        tests += c.has("present") ? 1 : 0;
        if (tests != 1) {
          throw e.getValue().problem("write exactly one of 'equals', 'prefix' and 'present'");
        }
        if (c.has("equals")) {
          conditions.add(new ClaimCondition.Equals(path, c.required("equals").nonBlankString()));
        } else if (c.has("prefix")) {
          conditions.add(new ClaimCondition.Prefix(path, c.required("prefix").nonBlankString()));
        } else {
          conditions.add(new ClaimCondition.Present(path, c.required("present").bool()));
        }
      }
      if (conditions.isEmpty()) {
        throw alternative.problem("a match needs at least one claim condition");
      }
      alternatives.add(conditions);
    }
    if (alternatives.isEmpty()) {
      throw matchNode.problem("at least one match is required");
    }
    ClaimPath id = f.has("id_claim") ? claimPath(f.required("id_claim")) : ClaimPath.parse("sub");
    return new PrincipalRule(alternatives, id);
  }

  /** Lower case, without {@code application/}: RFC 7515 section 4.1.9 compares them so. */
  static String normaliseType(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
  }

  private static ClaimPath claimPath(YamlNode node) throws ConfigException {
    try {
      return ClaimPath.parse(node.nonBlankString());
    } catch (IllegalArgumentException e) {
      throw node.problem("'" + node.describeValue() + "' is not a claim name or path");
    }
  }

  private static Duration seconds(
      YamlNode.Fields f, String key, Duration fallback, long min, long max) throws ConfigException {
    return f.has(key) ? Duration.ofSeconds(range(f.required(key), key, min, max)) : fallback;
  }

  private static long range(YamlNode node, String key, long min, long max) throws ConfigException {
    long value = node.integer();
    if (value < min || value > max) {
      throw node.problem(key + " must be between " + min + " and " + max);
    }
    return value;
  }

  private static URI httpsOrLoopback(YamlNode node, String what) throws ConfigException {
    URI uri = DeploymentLoader.uri(node);
    if (!IdentitySettings.isHttpsOrLoopback(uri)) {
      throw node.problem(what + " must use https (plain http only on loopback addresses)");
    }
    return uri;
  }
}
