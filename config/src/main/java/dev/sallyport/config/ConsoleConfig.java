package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.SiemSinkSettings.SecretReference;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code console:} block of {@code sallyport.yaml}: how people sign in (OpenID Connect) to the
 * console and the approval pages. Without it there is no console: no sign-in, no approval pages,
 * and no notifications (their links would open nothing).
 *
 * @param issuer the OpenID provider; it must also be a trusted issuer under {@code identity} that
 *     accepts people, so that an ID token's claims map to a person exactly as a bearer token's do
 * @param clientId this Sallyport's client id at the provider
 * @param clientSecret the client secret by reference, or empty for a public client (PKCE protects
 *     both)
 * @param publicOrigin the origin browsers reach Sallyport at; https, or http on loopback only (then
 *     cookies are not {@code Secure}); links and the redirect URI are made from it
 * @param scopes scopes asked for besides {@code openid}
 * @param sessionLifetime how long a console session lasts from sign-in
 */
public record ConsoleConfig(
    URI issuer,
    String clientId,
    Optional<SecretReference> clientSecret,
    URI publicOrigin,
    List<String> scopes,
    Duration sessionLifetime) {
  public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(8);

  public ConsoleConfig {
    requireNonNull(issuer, "issuer is null");
    requireNonNull(clientId, "clientId is null");
    requireNonNull(clientSecret, "clientSecret is null");
    requireNonNull(publicOrigin, "publicOrigin is null");
    requireNonNull(sessionLifetime, "sessionLifetime is null");
    scopes = List.copyOf(scopes);
    if (!IdentitySettings.isHttpsOrLoopback(publicOrigin)
        || !IdentitySettings.isHttpsOrLoopback(issuer)) {
      throw new IllegalArgumentException("issuer and public_origin must be https (or loopback)");
    }
  }

  /** Whether session cookies are {@code Secure}: exactly when the origin is https. */
  public boolean secureCookies() {
    return "https".equals(publicOrigin.getScheme());
  }
}
