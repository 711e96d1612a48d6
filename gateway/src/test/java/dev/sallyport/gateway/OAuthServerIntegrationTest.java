package dev.sallyport.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.IssuerSettings;
import dev.sallyport.gateway.identity.DiscoveredJwks;
import dev.sallyport.gateway.identity.Identity;
import dev.sallyport.gateway.identity.IdpClient;
import dev.sallyport.gateway.identity.IssuerKeyring;
import dev.sallyport.gateway.identity.JwksCache;
import dev.sallyport.gateway.identity.KeySetSource;
import dev.sallyport.gateway.identity.TokenAuthenticator;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity against a real OAuth 2.0 / OpenID Connect server in-process (mock-oauth2-server):
 * discovery, JWKS fetch and caching, key rotation at the IdP, the refresh rate limit, the IdP going
 * down, and Keycloak-style rules that tell client-credentials agents from interactive people.
 * Tokens come from the server's own token endpoint, minted at the testing clock's time.
 */
class OAuthServerIntegrationTest {
  private static final String AUDIENCE = "https://sallyport.test";
  private static final String REALM = "acme";

  /** The clock the IdP mints tokens by: the current test's testing clock. */
  private static final AtomicReference<Clock> IDP_TIME = new AtomicReference<>(Clock.systemUTC());

  private static final RotatingKeys KEYS = new RotatingKeys();
  private static MockOAuth2Server idp;
  private static HttpClient http;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private final TestingClock clock = new TestingClock(GatewayFixture.START);

  /** The IdP's signing key, which a test can roll over (the old key is then unpublished). */
  static final class RotatingKeys extends KeyProvider {
    private volatile RSAKey current = newKey("rsa-1");

    RotatingKeys() {
      super(List.of(), "RS256");
    }

    private static RSAKey newKey(String kid) {
      try {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
      } catch (com.nimbusds.jose.JOSEException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public JWK signingKey(String issuerId) {
      return current;
    }

    RSAKey current() {
      return current;
    }

    void rotate(String kid) {
      current = newKey(kid);
    }
  }

  @BeforeAll
  static void startIdp() {
    idp =
        new MockOAuth2Server(
            new OAuth2Config(
                false,
                null,
                null,
                false,
                new OAuth2TokenProvider(KEYS, () -> IDP_TIME.get().instant())));
    idp.start();
    http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @AfterAll
  static void stopIdp() {
    idp.shutdown();
    http.close();
  }

  @BeforeEach
  void useTheTestingClock() {
    IDP_TIME.set(clock);
    KEYS.rotate("rsa-1");
  }

  private static String issuer() {
    return idp.issuerUrl(REALM).toString();
  }

  /**
   * Keycloak's shape: each rule is positive evidence of its kind (a service account's user name; a
   * person's session), so a token with both is refused rather than classified by an absence.
   */
  private static String identityBlock(String extraIssuers) {
    return """
    identity:
      issuers:
        - issuer: %s
          audience: %s
          discovery: true
          tenants: [acme]
          principals:
            agent:
              match:
                - preferred_username: {prefix: service-account-}
              id_claim: client_id
            human:
              match:
                - sid: {present: true}
              id_claim: preferred_username
          group_claims: [groups, realm_access.roles]
    %s
    """
        .formatted(issuer(), AUDIENCE, extraIssuers);
  }

  /** Replaces the quickstart's identity block (up to the next top-level line) with ours. */
  private static void useIdentity(Path config, String block) throws IOException {
    Path file = config.resolve("sallyport.yaml");
    List<String> lines = Files.readAllLines(file);
    StringBuilder out = new StringBuilder();
    boolean inIdentity = false;
    for (String line : lines) {
      if (line.equals("identity:")) {
        inIdentity = true;
        out.append(block);
        continue;
      }
      if (inIdentity && !line.isEmpty() && !line.startsWith(" ")) {
        inIdentity = false;
      }
      if (!inIdentity) {
        out.append(line).append('\n');
      }
    }
    Files.writeString(file, out.toString());
  }

  private GatewayFixture gateway(String extraIssuers) throws Exception {
    GatewayFixture fixture =
        new GatewayFixture(
            temp,
            config -> useIdentity(config, identityBlock(extraIssuers)),
            log -> log,
            history -> history);
    IDP_TIME.set(fixture.clock);
    return fixture;
  }

  private Deployment deployment() throws Exception {
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("alone"));
    useIdentity(config, identityBlock(""));
    return GatewayFixture.load(config);
  }

  // ---- tokens from the IdP's own endpoints ----

  private static void nextToken(String subject, Map<String, Object> claims) {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(REALM, subject, "at+jwt", List.of(AUDIENCE), claims, 600));
  }

  /** A client-credentials token, as Keycloak mints for a service account. */
  private static String agentToken(String clientId, Map<String, Object> extra) throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("client_id", clientId);
    claims.put("azp", clientId);
    claims.put("preferred_username", "service-account-" + clientId);
    claims.putAll(extra);
    nextToken("0b6c7a64-" + clientId, claims);
    return tokenRequest(
        Map.of(
            "grant_type", "client_credentials",
            "client_id", clientId,
            "client_secret", "secret",
            "scope", "sallyport"));
  }

  /** A token from the authorization code flow: a person signed in, with a session. */
  private static String personToken(String user, Map<String, Object> extra) throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("preferred_username", user);
    claims.put("sid", "session-" + user.hashCode());
    claims.put("azp", "console");
    claims.putAll(extra);
    nextToken("f81d4fae-" + Math.abs(user.hashCode()), claims);
    String redirect = "http://localhost/callback";
    HttpResponse<String> authorize =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        idp.authorizationEndpointUrl(REALM)
                            + "?"
                            + form(
                                Map.of(
                                    "response_type", "code",
                                    "client_id", "console",
                                    "redirect_uri", redirect,
                                    "scope", "openid",
                                    "state", "s1",
                                    "nonce", "n1"))))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
    String location = authorize.headers().firstValue("Location").orElseThrow();
    String code =
        List.of(URI.create(location).getRawQuery().split("&")).stream()
            .filter(p -> p.startsWith("code="))
            .map(p -> p.substring(5))
            .findFirst()
            .orElseThrow();
    return tokenRequest(
        Map.of(
            "grant_type", "authorization_code",
            "code", java.net.URLDecoder.decode(code, UTF_8),
            "redirect_uri", redirect,
            "client_id", "console",
            "client_secret", "secret"));
  }

  private static String tokenRequest(Map<String, String> parameters) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(idp.tokenEndpointUrl(REALM).toString()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return (String) JSON.readValue(response.body(), Map.class).get("access_token");
  }

  private static String form(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(e ->
            URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, Object> decide(String tool) {
    return Map.of("tool", tool, "arguments", Map.of());
  }

  // ---- through the gateway, end to end ----

  @Test
  void discoversTheIssuerAndTakesAClientCredentialsTokenForItsRegisteredAgent() throws Exception {
    try (GatewayFixture gateway = gateway("")) {
      GatewayFixture.Response response =
          gateway.post(
              "/v1/decisions", agentToken("finance-bot", Map.of()), decide("invoices.list"));

      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(response.map()).containsEntry("decision", "allow");
    }
  }

  @Test
  void aClientOfTheIdpThatTheTenantDoesNotRegisterIsRefused() throws Exception {
    try (GatewayFixture gateway = gateway("")) {
      GatewayFixture.Response response =
          gateway.post("/v1/decisions", agentToken("rogue-bot", Map.of()), decide("invoices.list"));

      assertThat(response.status()).isEqualTo(401);
      assertThat(response.map())
          .containsEntry("detail", "the agent is not registered with the tenant");
    }
  }

  @Test
  void anAgentTokenCarryingAPersonsSessionIsRefusedNotTakenForAPerson() throws Exception {
    try (GatewayFixture gateway = gateway("")) {
      String token = agentToken("finance-bot", Map.of("sid", "stolen-session"));

      GatewayFixture.Response response =
          gateway.post("/v1/decisions", token, decide("invoices.list"));

      assertThat(response.status()).isEqualTo(401);
      assertThat(response.map())
          .containsEntry(
              "detail", "the token matches both the agent and the person rules of its issuer");
    }
  }

  @Test
  void aClaimOutsideTheRulesCannotMakeAnAgentAPerson() throws Exception {
    try (GatewayFixture gateway = gateway("")) {
      String token =
          agentToken(
              "finance-bot",
              Map.of(
                  "principal_type",
                  "human",
                  "realm_access",
                  Map.of("roles", List.of("audit-team"))));

      // Still the agent: it may decide on invoices, and the person-only ledger stays closed.
      assertThat(gateway.post("/v1/decisions", token, decide("invoices.list")).status())
          .isEqualTo(200);
      assertThat(gateway.get("/v1/ledger/checkpoint", token).status()).isEqualTo(403);
    }
  }

  @Test
  void aSignedInPersonGetsRolesFromGroupsAndLosesThemWithTheGroup() throws Exception {
    try (GatewayFixture gateway = gateway("")) {
      String auditor =
          personToken(
              "ada@acme.example", Map.of("realm_access", Map.of("roles", List.of("audit-team"))));
      GatewayFixture.Response allowed = gateway.get("/v1/ledger/checkpoint", auditor);
      assertThat(allowed.status()).as(allowed.body()).isIn(200, 404);
      assertThat(allowed.body()).doesNotContain("the ledger is for auditors");

      // Removed from the group in the IdP: the very next token carries no such role.
      String removed =
          personToken("ada@acme.example", Map.of("realm_access", Map.of("roles", List.of())));
      GatewayFixture.Response refused = gateway.get("/v1/ledger/checkpoint", removed);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.map()).containsEntry("detail", "the ledger is for auditors");

      // The earlier token still works until it expires: roles live in tokens, never in a cache.
      assertThat(gateway.get("/v1/ledger/checkpoint", auditor).status()).isIn(200, 404);
    }
  }

  @Test
  void advertisesTheIssuerToOAuthClients() throws Exception {
    try (GatewayFixture gateway = gateway("")) {
      GatewayFixture.Response challenge =
          gateway.post("/v1/decisions", null, decide("invoices.list"));
      String header = challenge.header("WWW-Authenticate");
      String metadataUrl = header.replaceAll(".*resource_metadata=\"([^\"]+)\".*", "$1");

      HttpResponse<String> metadata =
          http.send(
              HttpRequest.newBuilder(URI.create(metadataUrl)).GET().build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(metadata.statusCode()).isEqualTo(200);
      assertThat(JSON.readValue(metadata.body(), Map.class))
          .containsEntry("authorization_servers", List.of(issuer()))
          .containsEntry("resource", gateway.base());
    }
  }

  @Test
  void picksUpAKeyRolledOverAtTheIdpAtMostOncePerMinimumInterval() throws Exception {
    try (GatewayFixture gateway = gateway("")) {
      String before = agentToken("finance-bot", Map.of());
      assertThat(gateway.post("/v1/decisions", before, decide("invoices.list")).status())
          .isEqualTo(200);

      KEYS.rotate("rsa-2");
      String after = agentToken("finance-bot", Map.of());

      // The keys were fetched moments ago: the unknown kid waits for the rate limit.
      GatewayFixture.Response limited =
          gateway.post("/v1/decisions", after, decide("invoices.list"));
      assertThat(limited.status()).isEqualTo(401);
      assertThat(limited.map())
          .containsEntry("detail", "the token is signed with a key its issuer does not publish");

      gateway.clock.advance(Duration.ofSeconds(30));
      assertThat(gateway.post("/v1/decisions", after, decide("invoices.list")).status())
          .isEqualTo(200);
      // The IdP no longer publishes the old key: its tokens are refused from now on.
      assertThat(gateway.post("/v1/decisions", before, decide("invoices.list")).status())
          .isEqualTo(401);
    }
  }

  @Test
  void answers503WhenAnIssuersKeysCannotBeFetched() throws Exception {
    String dead = "http://127.0.0.1:" + unusedPort() + "/realms/gone";
    String second =
        """
            - issuer: %s
              audience: %s
              discovery: true
              tenants: [acme]
        """
            .formatted(dead, AUDIENCE);
    try (GatewayFixture gateway = gateway(second)) {
      String token =
          gateway.issuer.sign(
              new JWTClaimsSet.Builder().issuer(dead).subject("finance-bot").build(), h -> h);

      GatewayFixture.Response response =
          gateway.post("/v1/decisions", token, decide("invoices.list"));

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.header("Retry-After")).isEqualTo("30");
      assertThat(response.map())
          .containsEntry("type", "https://sallyport.dev/problems/identity-unavailable")
          .containsEntry("detail", "the issuer's signing keys could not be fetched");
      // The other issuer is not affected.
      assertThat(
              gateway
                  .post(
                      "/v1/decisions", agentToken("finance-bot", Map.of()), decide("invoices.list"))
                  .status())
          .isEqualTo(200);
    }
  }

  // ---- the authenticator over the real IdP, with an IdP that can go down ----

  /** The real discovery against the IdP, or against a port nobody listens on. */
  static final class SwitchableIdp implements KeySetSource {
    private final KeySetSource up;
    private final KeySetSource down;
    final AtomicInteger fetches = new AtomicInteger();
    volatile boolean isDown;

    SwitchableIdp(KeySetSource up, KeySetSource down) {
      this.up = up;
      this.down = down;
    }

    @Override
    public com.nimbusds.jose.jwk.JWKSet fetch() throws IOException {
      fetches.incrementAndGet();
      return (isDown ? down : up).fetch();
    }
  }

  private record Harness(TokenAuthenticator authenticator, SwitchableIdp idp, JwksCache cache) {
    Identity authenticate(String token) {
      return authenticator.authenticate(List.of("Bearer " + token));
    }
  }

  private Harness harness(HttpClient client) throws Exception {
    Deployment deployment = deployment();
    IssuerSettings settings = deployment.identity().issuers().get(0);
    IdpClient idpClient = new IdpClient(client);
    SwitchableIdp switchable =
        new SwitchableIdp(
            new DiscoveredJwks(idpClient, URI.create(issuer())),
            new DiscoveredJwks(
                idpClient, URI.create("http://127.0.0.1:" + unusedPort() + "/" + REALM)));
    JwksCache cache = new JwksCache(issuer(), switchable, settings.keyRefresh(), clock);
    return new Harness(
        new TokenAuthenticator(deployment, new IssuerKeyring(Map.of(issuer(), cache)), clock),
        switchable,
        cache);
  }

  @Test
  void theTokensOfTheFlowsBecomeAnAgentAndAPerson() throws Exception {
    Harness harness = harness(http);

    Identity agent = harness.authenticate(agentToken("finance-bot", Map.of()));
    Identity person =
        harness.authenticate(
            personToken(
                "carol@acme.example",
                Map.of(
                    "groups",
                    List.of("finance-leads"),
                    "realm_access",
                    Map.of("roles", List.of("audit-team")))));

    assertThat(agent).isInstanceOf(Identity.Authenticated.class);
    assertThat(((Identity.Authenticated) agent).principal().kind()).isEqualTo(PrincipalKind.AGENT);
    assertThat(((Identity.Authenticated) agent).principal().id()).isEqualTo("finance-bot");
    assertThat(((Identity.Authenticated) agent).principal().roles())
        .containsExactly("finance-agent");
    assertThat(person).isInstanceOf(Identity.Authenticated.class);
    assertThat(((Identity.Authenticated) person).principal().kind()).isEqualTo(PrincipalKind.HUMAN);
    assertThat(((Identity.Authenticated) person).principal().id()).isEqualTo("carol@acme.example");
    assertThat(((Identity.Authenticated) person).principal().roles())
        .containsExactlyInAnyOrder("finance-approver", "auditor");
    assertThat(harness.idp().fetches).hasValue(1);
  }

  @Test
  void honoursCachedKeysWhileTheIdpIsDownUpToTheMaximumKeyAgeThenRefuses() throws Exception {
    Harness harness = harness(http);
    assertThat(harness.authenticate(agentToken("finance-bot", Map.of())))
        .isInstanceOf(Identity.Authenticated.class);

    harness.idp().isDown = true;
    clock.advance(Duration.ofMinutes(5));
    harness.cache().refreshIfDue(); // the scheduled refresh fails: the keys are kept
    clock.advance(Duration.ofMinutes(55));
    assertThat(harness.authenticate(agentToken("finance-bot", Map.of())))
        .as("59 minutes 59 seconds... exactly the maximum age")
        .isInstanceOf(Identity.Authenticated.class);

    clock.advance(Duration.ofSeconds(1));
    assertThat(harness.authenticate(agentToken("finance-bot", Map.of())))
        .isEqualTo(
            new Identity.Unavailable(
                "the issuer's signing keys could not be confirmed for longer than their maximum age"));

    harness.idp().isDown = false;
    clock.advance(Duration.ofSeconds(30));
    assertThat(harness.authenticate(agentToken("finance-bot", Map.of())))
        .isInstanceOf(Identity.Authenticated.class);
  }

  @Test
  void refreshesOnAnUnknownKeyIdAtMostOncePerMinimumInterval() throws Exception {
    Harness harness = harness(http);
    harness.authenticate(agentToken("finance-bot", Map.of()));
    KEYS.rotate("rsa-3");
    String rotated = agentToken("finance-bot", Map.of());

    clock.advance(Duration.ofSeconds(29));
    for (int i = 0; i < 20; i++) {
      assertThat(harness.authenticate(rotated)).isInstanceOf(Identity.Failed.class);
    }
    assertThat(harness.idp().fetches).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(harness.authenticate(rotated)).isInstanceOf(Identity.Authenticated.class);
    assertThat(harness.authenticate(rotated)).isInstanceOf(Identity.Authenticated.class);
    assertThat(harness.idp().fetches).hasValue(2);
  }

  @Test
  void refusesHs256KeyedWithTheRsaPublicKeyInEveryEncoding() throws Exception {
    Harness harness = harness(http);
    assertThat(harness.authenticate(agentToken("finance-bot", Map.of())))
        .isInstanceOf(Identity.Authenticated.class);
    RSAKey rsa = KEYS.current().toPublicJWK();
    RSAPublicKey publicKey = rsa.toRSAPublicKey();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(publicKey.getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    JWTClaimsSet claims = SignedJWT.parse(agentToken("finance-bot", Map.of())).getJWTClaimsSet();
    for (byte[] secret :
        List.of(
            publicKey.getEncoded(),
            pem.getBytes(UTF_8),
            rsa.toJSONString().getBytes(UTF_8),
            publicKey.getModulus().toByteArray())) {
      SignedJWT forged =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256)
                  .keyID(rsa.getKeyID())
                  .type(new com.nimbusds.jose.JOSEObjectType("at+jwt"))
                  .build(),
              claims);
      forged.sign(new MACSigner(secret));

      assertThat(harness.authenticate(forged.serialize()))
          .isEqualTo(new Identity.Failed("the token's signature algorithm is not accepted"));
    }
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
