package dev.sallyport.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole sign-in against a real OpenID provider running in-process (mock-oauth2-server), with a
 * real Jetty and an HTTP client that keeps cookies the way a browser does.
 */
class SignInTest {
  private static MockOAuth2Server idp;

  private final TestingClock clock = new TestingClock(Instant.now());
  private ConsoleFixture fixture;
  private URI origin;
  private ConsoleSessions sessions;

  @BeforeAll
  static void startIdp() {
    idp = ConsoleFixture.startIdp();
  }

  @AfterAll
  static void stopIdp() {
    idp.shutdown();
  }

  @BeforeEach
  void startConsole() throws Exception {
    fixture = new ConsoleFixture(idp, clock, console -> new Handler.Sequence());
    origin = fixture.origin();
    sessions = fixture.sessions();
  }

  @AfterEach
  void stopConsole() throws Exception {
    fixture.close();
  }

  private void nextLogin(String subject, Map<String, Object> claims) {
    fixture.nextLogin(subject, claims);
  }

  private void nextLoginAsFiona() {
    nextLogin(
        "fiona",
        Map.of("tenant", "acme", "groups", List.of("finance-leads"), "name", "Fiona Lead"));
  }

  private static HttpClient browser() {
    return ConsoleFixture.browser();
  }

  private static HttpResponse<String> get(HttpClient browser, URI uri) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI location(HttpResponse<?> response, URI base) {
    return base.resolve(response.headers().firstValue("Location").orElseThrow());
  }

  /** Signs in through the provider and returns the provider's redirect back to the callback. */
  private URI throughProvider(HttpClient browser, String returnTo) throws Exception {
    HttpResponse<String> start = get(browser, origin.resolve("/console/signin?return=" + returnTo));
    assertThat(start.statusCode()).isEqualTo(302);
    URI authorize = location(start, origin);
    assertThat(authorize.toString())
        .startsWith(fixture.authorizationEndpoint().toString())
        .contains("code_challenge_method=S256")
        .contains("nonce=")
        .contains("state=");
    HttpResponse<String> provider = get(browser, authorize);
    assertThat(provider.statusCode()).isEqualTo(302);
    URI callback = location(provider, authorize);
    assertThat(callback.toString()).startsWith(origin + "/console/callback?");
    return callback;
  }

  @Test
  void aPersonSignsInSeesWhoTheyAreAndSignsOutWithTheCsrfToken() throws Exception {
    nextLoginAsFiona();
    HttpClient browser = browser();

    HttpResponse<String> back = get(browser, throughProvider(browser, "/console/"));
    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(back.headers().allValues("Set-Cookie"))
        .anySatisfy(c ->
            assertThat(c).startsWith("sp_session=").contains("HttpOnly").contains("SameSite=Lax"));
    HttpResponse<String> home = get(browser, origin.resolve("/console/"));
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("Fiona Lead").contains("finance-approver");
    assertThat(home.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));

    assertThat(post(browser, "/console/signout", "csrf=wrong", null).statusCode()).isEqualTo(403);
    String csrf = csrf(home.body());
    assertThat(
            post(browser, "/console/signout", "csrf=" + csrf, "https://evil.example").statusCode())
        .isEqualTo(403);
    assertThat(post(browser, "/console/signout", "csrf=" + csrf, origin.toString()).statusCode())
        .isEqualTo(200);
    assertThat(get(browser, origin.resolve("/console/")).statusCode()).isEqualTo(303);
  }

  @Test
  void theCallbackWorksOnceAndOnlyInTheBrowserThatStartedIt() throws Exception {
    // Token callbacks queue at the provider and are taken by the next code exchange; this first
    // flow never exchanges its code, so it queues none.
    HttpClient victim = browser();
    URI callback = throughProvider(browser(), "/console/");

    // Another browser (the victim of a login CSRF) cannot complete the attacker's sign-in, and is
    // answered exactly as for a state that was never issued.
    HttpResponse<String> foreign = get(victim, callback);
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("unknown or used");
    HttpResponse<String> madeUp =
        get(victim, origin.resolve("/console/callback?state=made-up-state&code=made-up-code"));
    assertThat(madeUp.statusCode()).isEqualTo(foreign.statusCode());
    assertThat(madeUp.body()).isEqualTo(foreign.body());

    // And the state is spent: not even the right browser can use it afterwards.
    nextLoginAsFiona();
    HttpClient browser = browser();
    URI own = throughProvider(browser, "/console/");
    assertThat(get(browser, own).statusCode()).isEqualTo(303);
    HttpResponse<String> replay = get(browser, own);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("unknown or used");
  }

  @Test
  void aSessionIdTheBrowserBroughtIsNeverPromoted() throws Exception {
    nextLoginAsFiona();
    CookieManager jar = new CookieManager();
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    java.net.HttpCookie planted = new java.net.HttpCookie("sp_session", "attacker-chosen-id");
    planted.setPath("/");
    planted.setVersion(0);
    jar.getCookieStore().add(origin, planted);

    get(browser, throughProvider(browser, "/console/"));

    String issued =
        jar.getCookieStore().get(origin).stream()
            .filter(c -> c.getName().equals("sp_session"))
            .map(java.net.HttpCookie::getValue)
            .findFirst()
            .orElseThrow();
    assertThat(issued).isNotEqualTo("attacker-chosen-id").hasSize(43);
    assertThat(sessions.find("attacker-chosen-id")).isEmpty();
  }

  @Test
  void agentsAndStrangersDoNotSignIn() throws Exception {
    nextLogin("finance-bot", Map.of("tenant", "acme", "principal_type", "agent"));
    HttpClient browser = browser();
    HttpResponse<String> agent = get(browser, throughProvider(browser, "/console/"));
    assertThat(agent.statusCode()).isEqualTo(400);
    assertThat(agent.body()).contains("not a person");

    nextLogin("mallory", Map.of("tenant", "initech"));
    HttpClient other = browser();
    HttpResponse<String> stranger = get(other, throughProvider(other, "/console/"));
    assertThat(stranger.statusCode()).isEqualTo(400);
    assertThat(stranger.body()).contains("not a person of a known tenant");
  }

  @Test
  void aSignInThatTakesTooLongIsRefused() throws Exception {
    HttpClient browser = browser();
    URI callback = throughProvider(browser, "/console/");
    clock.advance(SignInFlow.PENDING_LIFETIME);

    assertThat(get(browser, callback).body()).contains("took too long");
  }

  @Test
  void theReturnAddressStaysOnThisOrigin() throws Exception {
    for (String evil : List.of("//evil.example/x", "https://evil.example", "/%5Cevil.example")) {
      nextLoginAsFiona();
      HttpClient browser = browser();
      HttpResponse<String> back = get(browser, throughProvider(browser, evil));
      String target = back.headers().firstValue("Location").orElseThrow();
      assertThat(origin.resolve(target).getHost()).as(evil).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void theProviderReportingAnErrorSignsNobodyIn() throws Exception {
    HttpResponse<String> back =
        get(browser(), origin.resolve("/console/callback?error=access_denied&state=x"));
    assertThat(back.statusCode()).isEqualTo(400);
    assertThat(back.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("sp_session=") && !c.startsWith("sp_session=;"));
  }

  private HttpResponse<String> post(
      HttpClient browser, String path, String form, String originHeader)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(origin.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    // The JDK client refuses to set Origin itself; Jetty sees what we send as a header name.
    if (originHeader != null) {
      request.header("Origin", originHeader);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String csrf(String page) {
    return ConsoleFixture.csrf(page);
  }
}
