package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How bearer tokens are validated.
 *
 * @param issuer the {@code iss} every token must carry
 * @param audience the {@code aud} every token must contain: tokens are minted for this Sallyport
 * @param jwksFile a local JWKS file with the issuer's public keys, or empty
 * @param jwksUrl the issuer's JWKS URL, or empty; exactly one of the two is set
 * @param tenantClaim the claim that names the tenant
 * @param principalTypeClaim the claim that says {@code agent} or {@code human}
 * @param groupsClaim the claim that lists a human's IdP groups
 * @param algorithms the signature algorithms accepted
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 */
public record IdentitySettings(
    String issuer,
    String audience,
    Optional<Path> jwksFile,
    Optional<URI> jwksUrl,
    String tenantClaim,
    String principalTypeClaim,
    String groupsClaim,
    List<String> algorithms,
    Duration clockSkew) {
  public IdentitySettings {
    requireNonNull(issuer, "issuer is null");
    requireNonNull(audience, "audience is null");
    requireNonNull(jwksFile, "jwksFile is null");
    requireNonNull(jwksUrl, "jwksUrl is null");
    requireNonNull(tenantClaim, "tenantClaim is null");
    requireNonNull(principalTypeClaim, "principalTypeClaim is null");
    requireNonNull(groupsClaim, "groupsClaim is null");
    requireNonNull(clockSkew, "clockSkew is null");
    algorithms = List.copyOf(algorithms);
    if (jwksFile.isPresent() == jwksUrl.isPresent()) {
      throw new IllegalArgumentException("exactly one of jwks_file and jwks_url must be set");
    }
  }
}
