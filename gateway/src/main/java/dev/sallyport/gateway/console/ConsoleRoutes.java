package dev.sallyport.gateway.console;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.sallyport.approval.ApprovalStore;
import dev.sallyport.approval.LinkTokens;
import dev.sallyport.config.ConsoleConfig;
import dev.sallyport.console.ConsoleHandler;
import dev.sallyport.console.ConsoleSessions;
import dev.sallyport.console.ConsoleSettings;
import dev.sallyport.console.OidcProvider;
import dev.sallyport.console.PrincipalMapping;
import dev.sallyport.console.SignInFlow;
import dev.sallyport.console.approvals.ApprovalDecisions;
import dev.sallyport.console.approvals.ApprovalPages;
import dev.sallyport.gateway.approval.ConfiguredSecret;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;

/**
 * The console's routes as the gateway serves them when {@code console:} is configured: sign-in at
 * the OpenID provider ({@code /console/...}) and the approval pages ({@code /approvals/...}), one
 * {@link Handler.Sequence} that answers only its own paths.
 */
public final class ConsoleRoutes {
  private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(10);

  private ConsoleRoutes() {}

  /**
   * Discovers the provider, reads the client secret, and builds the handlers.
   *
   * @param people maps a verified ID token's claims to a person, as the identity layer maps bearer
   *     tokens; agents never
   * @param decisions what a vote does: the approval gate
   * @throws IOException when the provider's discovery document cannot be had or the client secret
   *     cannot be read: the gateway does not start with a console nobody can sign in to
   */
  public static Handler build(
      ConsoleConfig config,
      HttpClient http,
      Function<String, String> environment,
      PrincipalMapping people,
      ApprovalStore store,
      LinkTokens links,
      ApprovalDecisions decisions,
      Clock clock)
      throws IOException {
    Optional<String> secret = Optional.empty();
    if (config.clientSecret().isPresent()) {
      byte[] bytes = ConfiguredSecret.read(config.clientSecret().get(), environment);
      secret = Optional.of(new String(bytes, StandardCharsets.UTF_8));
      Arrays.fill(bytes, (byte) 0);
    }
    ConsoleSettings settings =
        new ConsoleSettings(
            config.issuer(),
            config.clientId(),
            secret,
            config.publicOrigin(),
            config.scopes(),
            config.sessionLifetime(),
            config.secureCookies());
    OidcProvider provider;
    try {
      provider = OidcProvider.discover(http, config.issuer(), DISCOVERY_TIMEOUT);
    } catch (IOException e) {
      throw new IOException(
          "console: cannot discover the OpenID provider " + config.issuer() + ": " + e.getMessage(),
          e);
    }
    // Cached, refreshed by nimbus when an unknown kid arrives; outages retried once.
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(provider.jwksUri().toURL()).retrying(true).build();
    SecureRandom random = new SecureRandom();
    SignInFlow flow = new SignInFlow(settings, provider, http, keys, people, clock, random);
    ConsoleHandler console =
        new ConsoleHandler(
            settings, flow, new ConsoleSessions(settings.sessionLifetime(), clock, random));
    return new Handler.Sequence(
        console, new ApprovalPages(console, store, links, decisions, clock));
  }
}
