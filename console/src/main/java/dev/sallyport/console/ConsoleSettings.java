package dev.sallyport.console;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the console signs people in.
 *
 * @param issuer the OpenID provider (its discovery document is fetched from here)
 * @param clientId this Sallyport's client id at the provider
 * @param clientSecret the client secret for a confidential client, or empty for a public client
 *     (PKCE protects both)
 * @param publicOrigin the origin browsers reach Sallyport at, e.g. {@code
 *     https://sallyport.acme.example}; the redirect URI is {@code <origin>/console/callback}, and
 *     POSTs must come from it
 * @param scopes scopes to ask for; {@code openid} is always included
 * @param sessionLifetime how long a session lasts from sign-in, whatever the activity
 * @param secureCookies true for {@code Secure; __Host-} cookies; false only for plain-http loopback
 *     development
 */
public record ConsoleSettings(
    URI issuer,
    String clientId,
    Optional<String> clientSecret,
    URI publicOrigin,
    List<String> scopes,
    Duration sessionLifetime,
    boolean secureCookies) {
  public ConsoleSettings {
    requireNonNull(issuer, "issuer is null");
    requireNonNull(clientId, "clientId is null");
    requireNonNull(clientSecret, "clientSecret is null");
    requireNonNull(publicOrigin, "publicOrigin is null");
    requireNonNull(sessionLifetime, "sessionLifetime is null");
    scopes = List.copyOf(scopes);
    if (publicOrigin.getPath() != null && !publicOrigin.getPath().isEmpty()) {
      throw new IllegalArgumentException("publicOrigin is an origin: scheme, host and port only");
    }
    if (secureCookies != "https".equals(publicOrigin.getScheme())) {
      throw new IllegalArgumentException("secure cookies go with an https origin, and only then");
    }
  }

  /** Where the provider sends the browser back to. */
  public URI redirectUri() {
    return URI.create(publicOrigin + "/console/callback");
  }

  @Override
  public String toString() {
    // The secret stays out of logs and error messages.
    return "ConsoleSettings[issuer="
        + issuer
        + ", clientId="
        + clientId
        + ", publicOrigin="
        + publicOrigin
        + "]";
  }
}
