package dev.sallyport.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A console on real Jetty signing people in at a real OpenID provider (mock-oauth2-server), and
 * browsers for it: HTTP clients that keep cookies and follow no redirect by themselves.
 */
public final class ConsoleFixture implements AutoCloseable {
  public static final String CLIENT = "sallyport-console";
  private static final String IDP = "acme-idp";

  private final MockOAuth2Server idp;
  private final Server jetty;
  private final URI origin;
  private final ConsoleHandler console;
  private final ConsoleSessions sessions;

  /**
   * @param idp a started provider, shared by a test class
   * @param clock the console's clock
   * @param pages more handlers behind the console (given the console to find sessions)
   */
  public ConsoleFixture(
      MockOAuth2Server idp, TestingClock clock, Function<ConsoleHandler, Handler> pages)
      throws Exception {
    this.idp = idp;
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    origin = URI.create("http://127.0.0.1:" + port);
    URI issuer = URI.create(idp.issuerUrl(IDP).toString());
    ConsoleSettings settings =
        new ConsoleSettings(
            issuer,
            CLIENT,
            Optional.of("s3cret"),
            origin,
            List.of("profile"),
            Duration.ofHours(8),
            false);
    HttpClient http = HttpClient.newHttpClient();
    OidcProvider provider = OidcProvider.discover(http, issuer, Duration.ofSeconds(30));
    SignInFlow flow =
        new SignInFlow(
            settings,
            provider,
            http,
            JWKSourceBuilder.create(provider.jwksUri().toURL()).retrying(false).build(),
            ConsoleFixture::map,
            clock,
            new SecureRandom());
    sessions = new ConsoleSessions(settings.sessionLifetime(), clock, new SecureRandom());
    console = new ConsoleHandler(settings, flow, sessions);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Sequence(console, pages.apply(console)));
    jetty.start();
  }

  public static MockOAuth2Server startIdp() {
    MockOAuth2Server server = new MockOAuth2Server();
    server.start(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  public URI origin() {
    return origin;
  }

  public ConsoleSessions sessions() {
    return sessions;
  }

  public URI authorizationEndpoint() {
    return URI.create(idp.authorizationEndpointUrl(IDP).toString());
  }

  /**
   * The test's claims mapping: tenant from {@code tenant} (acme or globex), agents by {@code
   * principal_type}, groups from {@code groups}; finance-leads map to finance-approver.
   */
  static Optional<Principal> map(JWTClaimsSet claims) {
    Object tenant = claims.getClaim("tenant");
    if (!"acme".equals(tenant) && !"globex".equals(tenant)) {
      return Optional.empty();
    }
    PrincipalKind kind =
        "agent".equals(claims.getClaim("principal_type"))
            ? PrincipalKind.AGENT
            : PrincipalKind.HUMAN;
    Set<String> groups = new HashSet<>();
    if (claims.getClaim("groups") instanceof List<?> list) {
      list.forEach(g -> groups.add(String.valueOf(g)));
    }
    Set<String> roles = groups.contains("finance-leads") ? Set.of("finance-approver") : Set.of();
    return Optional.of(
        new Principal(TenantId.of((String) tenant), claims.getSubject(), kind, roles, groups));
  }

  /** Queues the claims of the next person to sign in at the provider. */
  public void nextLogin(String subject, Map<String, Object> claims) {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(IDP, subject, "JWT", List.of(CLIENT), claims, 3600));
  }

  /** A new browser with an empty cookie jar. */
  public static HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public HttpResponse<String> get(HttpClient browser, String pathOrUri) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(origin.resolve(pathOrUri)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(HttpClient browser, String path, String form) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(origin.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", origin.toString())
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Follows a sign-in redirect through the provider back to the callback; returns its answer. */
  public HttpResponse<String> signInFrom(HttpClient browser, HttpResponse<String> toSignIn)
      throws Exception {
    URI signIn = origin.resolve(toSignIn.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> start = get(browser, signIn.toString());
    URI authorize = origin.resolve(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> provider =
        browser.send(
            HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
    URI callback = authorize.resolve(provider.headers().firstValue("Location").orElseThrow());
    return browser.send(
        HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs a new browser in as {@code subject} of {@code tenant} with {@code groups}. */
  public HttpClient signedIn(String subject, String tenant, String... groups) throws Exception {
    nextLogin(subject, Map.of("tenant", tenant, "groups", List.of(groups), "name", subject));
    HttpClient browser = browser();
    HttpResponse<String> home = get(browser, "/console/");
    HttpResponse<String> back = signInFrom(browser, home);
    assertThat(back.statusCode()).as("sign-in of %s", subject).isEqualTo(303);
    return browser;
  }

  /** The CSRF token in a page's form. */
  public static String csrf(String page) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as("a form with a CSRF token").isTrue();
    return m.group(1);
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
