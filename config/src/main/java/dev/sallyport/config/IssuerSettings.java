package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One trusted token issuer (an IdP tenant, a Keycloak realm): how its access tokens are validated,
 * and how a validated token becomes a principal of one of the tenants it may speak for.
 *
 * @param issuer the exact {@code iss} of its tokens
 * @param audience the {@code aud} its tokens must contain (RFC 8707: minted for this Sallyport)
 * @param keys where its public keys come from
 * @param algorithms accepted JWS algorithms, asymmetric only
 * @param tokenTypes accepted {@code typ} header values, lower case without {@code application/}:
 *     {@code at+jwt} and, only when configured, {@code jwt}
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param keyRefresh how fetched keys are refreshed and how long they may be used unconfirmed
 * @param tenants the tenants this issuer may speak for
 * @param tenantClaim the claim naming the tenant; empty when the issuer is bound to one tenant
 * @param agents how agents' (client credentials) tokens are recognised; empty: none are accepted
 * @param people how people's (interactive) tokens are recognised; empty: none are accepted
 * @param groupClaims claims whose strings are the principal's IdP groups (mapped by {@code
 *     group_roles})
 */
public record IssuerSettings(
    String issuer,
    String audience,
    KeySource keys,
    List<String> algorithms,
    Set<String> tokenTypes,
    Duration clockSkew,
    KeyRefresh keyRefresh,
    Set<TenantId> tenants,
    Optional<ClaimPath> tenantClaim,
    Optional<PrincipalRule> agents,
    Optional<PrincipalRule> people,
    List<ClaimPath> groupClaims) {
  public IssuerSettings {
    requireNonNull(issuer, "issuer is null");
    requireNonNull(audience, "audience is null");
    requireNonNull(keys, "keys is null");
    requireNonNull(clockSkew, "clockSkew is null");
    requireNonNull(keyRefresh, "keyRefresh is null");
    requireNonNull(tenantClaim, "tenantClaim is null");
    requireNonNull(agents, "agents is null");
    requireNonNull(people, "people is null");
    algorithms = List.copyOf(algorithms);
    tokenTypes = Set.copyOf(tokenTypes);
    tenants = Set.copyOf(tenants);
    groupClaims = List.copyOf(groupClaims);
    if (algorithms.isEmpty() || tokenTypes.isEmpty() || tenants.isEmpty()) {
      throw new IllegalArgumentException("algorithms, token types and tenants must not be empty");
    }
    if (tenantClaim.isEmpty() && tenants.size() != 1) {
      throw new IllegalArgumentException("an issuer of several tenants needs a tenant claim");
    }
    if (agents.isEmpty() && people.isEmpty()) {
      throw new IllegalArgumentException("an issuer must accept agents, people or both");
    }
  }

  /** Where an issuer's public keys come from. */
  public sealed interface KeySource {
    /** A local JWKS file, read once at start (the development issuer's keys). */
    record JwksFile(Path file) implements KeySource {
      public JwksFile {
        requireNonNull(file, "file is null");
      }
    }

    /** The issuer's JWKS endpoint, fetched and cached. */
    record JwksUrl(URI url) implements KeySource {
      public JwksUrl {
        requireNonNull(url, "url is null");
      }
    }

    /**
     * OpenID Connect discovery or RFC 8414 metadata under the issuer's URL; its {@code jwks_uri} is
     * fetched and cached.
     */
    record Discovery(URI issuer) implements KeySource {
      public Discovery {
        requireNonNull(issuer, "issuer is null");
      }
    }
  }

  /**
   * How keys fetched from the network are kept. Unused for a {@code jwks_file}.
   *
   * @param interval keys are fetched again once they are this old
   * @param minInterval at most one fetch per this long, whatever asks for it (the schedule, a token
   *     with an unknown {@code kid}, keys past their age): a flood of forged {@code kid}s never
   *     floods the IdP
   * @param maxKeyAge keys the IdP has not confirmed for this long are not used: tokens are refused
   *     until a fetch succeeds
   */
  public record KeyRefresh(Duration interval, Duration minInterval, Duration maxKeyAge) {
    public static final KeyRefresh DEFAULTS =
        new KeyRefresh(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1));

    public KeyRefresh {
      requireNonNull(interval, "interval is null");
      requireNonNull(minInterval, "minInterval is null");
      requireNonNull(maxKeyAge, "maxKeyAge is null");
      if (minInterval.isNegative()
          || minInterval.compareTo(interval) > 0
          || interval.compareTo(maxKeyAge) > 0) {
        throw new IllegalArgumentException("expected minInterval <= interval <= maxKeyAge");
      }
    }
  }
}
