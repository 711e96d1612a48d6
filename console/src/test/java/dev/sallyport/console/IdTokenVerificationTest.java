package dev.sallyport.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ID tokens that a provider should never send, served by a token endpoint under the test's control
 * and signed with a key the flow trusts (the provider's own key for the first ones; a local key
 * where the mock provider cannot be made to mint the defect): each must end the sign-in.
 */
class IdTokenVerificationTest {
  private static final String CLIENT = "sallyport-console";
  private static final String IDP = "acme-idp";

  private final TestingClock clock = new TestingClock(Instant.now());
  private final AtomicReference<String> served = new AtomicReference<>();
  private MockOAuth2Server idp;
  private HttpServer tokenEndpoint;
  private SignInFlow flow;
  private URI issuer;
  private OidcProvider provider;
  private ConsoleSettings settings;

  @BeforeEach
  void start() throws Exception {
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    tokenEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tokenEndpoint.createContext(
        "/token",
        exchange -> {
          byte[] body =
              ("{\"token_type\":\"Bearer\",\"access_token\":\"x\",\"id_token\":\""
                      + served.get()
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    tokenEndpoint.start();
    issuer = URI.create(idp.issuerUrl(IDP).toString());
    HttpClient http = HttpClient.newHttpClient();
    OidcProvider real = OidcProvider.discover(http, issuer, Duration.ofSeconds(30));
    provider =
        new OidcProvider(
            issuer,
            real.authorizationEndpoint(),
            URI.create("http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/token"),
            real.jwksUri(),
            Optional.empty());
    settings =
        new ConsoleSettings(
            issuer,
            CLIENT,
            Optional.empty(),
            URI.create("http://127.0.0.1:1"),
            List.of(),
            Duration.ofHours(1),
            false);
    flow =
        flowTrusting(JWKSourceBuilder.create(provider.jwksUri().toURL()).retrying(false).build());
  }

  private SignInFlow flowTrusting(com.nimbusds.jose.jwk.JWKSet keys) {
    return flowTrusting(new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(keys));
  }

  private SignInFlow flowTrusting(
      com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> keys) {
    return new SignInFlow(
        settings,
        provider,
        HttpClient.newHttpClient(),
        keys,
        claims ->
            Optional.of(
                new Principal(
                    TenantId.of("acme"),
                    claims.getSubject(),
                    PrincipalKind.HUMAN,
                    Set.of(),
                    Set.of())),
        clock,
        new SecureRandom());
  }

  @AfterEach
  void stop() {
    tokenEndpoint.stop(0);
    idp.shutdown();
  }

  /** Starts a sign-in; returns state, nonce and binding. */
  private Map<String, String> begin() throws SignInException {
    SignInFlow.Start start = flow.start("/console/");
    Map<String, String> out = query(start);
    out.put("binding", start.browserBinding());
    return out;
  }

  private static Map<String, String> query(SignInFlow.Start start) {
    Map<String, String> out = new HashMap<>();
    for (String pair : start.authorizationUrl().getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  private void serve(
      String issuerId, List<String> audience, Map<String, Object> claims, long lifetime) {
    served.set(
        idp.issueToken(
                issuerId,
                CLIENT,
                new DefaultOAuth2TokenCallback(
                    issuerId, "fiona", "JWT", audience, claims, lifetime))
            .serialize());
  }

  @Test
  void aGoodTokenSignsIn() throws Exception {
    Map<String, String> started = begin();
    serve(IDP, List.of(CLIENT), Map.of("nonce", started.get("nonce"), "name", "Fiona"), 3600);

    SignInFlow.SignedIn signedIn =
        flow.finish(started.get("state"), "code", started.get("binding"));

    assertThat(signedIn.principal().id()).isEqualTo("fiona");
    assertThat(signedIn.displayName()).isEqualTo("Fiona");
  }

  @Test
  void aTokenForAnotherClientIsRefused() throws Exception {
    Map<String, String> started = begin();
    serve(IDP, List.of("some-other-app"), Map.of("nonce", started.get("nonce")), 3600);

    assertThatThrownBy(() -> flow.finish(started.get("state"), "code", started.get("binding")))
        .isInstanceOf(SignInException.class)
        .hasMessage("ID token does not verify");
  }

  @Test
  void severalAudiencesNeedAnAzpNamingThisClient() throws Exception {
    com.nimbusds.jose.jwk.ECKey key =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
            .keyID("local")
            .generate();
    SignInFlow local = flowTrusting(new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()));
    SignInFlow.Start start = local.start("/console/");
    String nonce = query(start).get("nonce");
    com.nimbusds.jwt.SignedJWT token =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                .keyID("local")
                .build(),
            new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .issuer(issuer.toString())
                .subject("fiona")
                .audience(List.of(CLIENT, "another"))
                .claim("azp", "another")
                .claim("nonce", nonce)
                .issueTime(java.util.Date.from(clock.instant()))
                .expirationTime(java.util.Date.from(clock.instant().plusSeconds(300)))
                .build());
    token.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
    served.set(token.serialize());

    assertThatThrownBy(
            () -> local.finish(query(start).get("state"), "code", start.browserBinding()))
        .isInstanceOf(SignInException.class)
        .hasMessage("ID token was issued to another client");
  }

  @Test
  void aTokenWithAnotherNonceIsRefused() throws Exception {
    Map<String, String> started = begin();
    serve(IDP, List.of(CLIENT), Map.of("nonce", "replayed-from-elsewhere"), 3600);

    assertThatThrownBy(() -> flow.finish(started.get("state"), "code", started.get("binding")))
        .isInstanceOf(SignInException.class)
        .hasMessage("ID token does not verify");
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() throws Exception {
    Map<String, String> started = begin();
    serve("other-idp", List.of(CLIENT), Map.of("nonce", started.get("nonce")), 3600);

    assertThatThrownBy(() -> flow.finish(started.get("state"), "code", started.get("binding")))
        .isInstanceOf(SignInException.class)
        .hasMessage("ID token does not verify");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    Map<String, String> started = begin();
    serve(IDP, List.of(CLIENT), Map.of("nonce", started.get("nonce")), 60);
    clock.advance(Duration.ofMinutes(3));

    assertThatThrownBy(() -> flow.finish(started.get("state"), "code", started.get("binding")))
        .isInstanceOf(SignInException.class)
        .hasMessage("ID token does not verify");
  }

  @Test
  void garbageFromTheTokenEndpointIsRefused() throws Exception {
    Map<String, String> started = begin();
    served.set("not.a.jwt");

    assertThatThrownBy(() -> flow.finish(started.get("state"), "code", started.get("binding")))
        .isInstanceOf(SignInException.class)
        .hasMessage("malformed ID token");
  }

  @Test
  void anUnreachableProviderIsRefused() throws Exception {
    Map<String, String> started = begin();
    tokenEndpoint.stop(0);

    assertThatThrownBy(() -> flow.finish(started.get("state"), "code", started.get("binding")))
        .isInstanceOf(SignInException.class)
        .hasMessageContaining("cannot reach");
  }
}
