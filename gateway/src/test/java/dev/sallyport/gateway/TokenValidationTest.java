package dev.sallyport.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingIssuer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every token defect is a 401 problem with a {@code WWW-Authenticate} challenge that names the
 * defect and points to the RFC 9728 metadata, nothing is sent upstream, and neither the body nor
 * the header echoes anything of the token.
 */
class TokenValidationTest {
  /** A subject no answer may ever contain: it would mean token content leaked. */
  private static final String MARKER = "leak-marker-7f3a";

  @TempDir Path temp;
  GatewayFixture gateway;
  Instant now;

  @BeforeEach
  void start() throws Exception {
    // A small token limit, so the gateway's own limit is reached before Jetty's 8 KiB header one.
    gateway =
        new GatewayFixture(
            temp,
            dir ->
                ExampleDeployments.edit(
                    dir, "sallyport.yaml", "  issuers:\n", "  max_token_bytes: 2048\n  issuers:\n"),
            log -> log,
            history -> history);
    now = gateway.clock.instant();
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  private GatewayFixture.Response call(String token) throws Exception {
    return gateway.post(
        "/v1/actions", token, Map.of("tool", "invoices.list", "arguments", Map.of()));
  }

  private String metadataUrl() {
    return gateway.base() + "/.well-known/oauth-protected-resource";
  }

  private void assertRefused(String token, String description) throws Exception {
    int sent = gateway.upstream.received().size();
    GatewayFixture.Response response = call(token);
    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.map())
        .containsEntry("type", "https://sallyport.dev/problems/unauthenticated")
        .containsEntry("detail", description);
    assertThat(response.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\""
                + description
                + "\", resource_metadata=\""
                + metadataUrl()
                + "\"");
    for (String part : token.split("\\.")) {
      if (part.length() >= 8) {
        assertThat(response.body()).doesNotContain(part);
        assertThat(response.header("WWW-Authenticate")).doesNotContain(part);
      }
    }
    assertThat(response.body()).doesNotContain(MARKER);
    assertThat(gateway.upstream.received()).hasSize(sent);
  }

  private JWTClaimsSet.Builder agent() {
    return TestingIssuer.agentClaims("acme", "finance-bot", now).claim("note", MARKER);
  }

  private String signed(JWTClaimsSet.Builder claims) {
    return gateway.issuer.sign(claims.build(), h -> h);
  }

  private String signedWithHeader(JWTClaimsSet.Builder claims, JWSHeader.Builder header)
      throws Exception {
    SignedJWT jwt = new SignedJWT(header.build(), claims.build());
    jwt.sign(new ECDSASigner(gateway.issuer.key()));
    return jwt.serialize();
  }

  private JWSHeader.Builder header() {
    return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(gateway.issuer.key().getKeyID());
  }

  private static String b64(String text) {
    return Base64URL.encode(text.getBytes(UTF_8)).toString();
  }

  @Test
  void aValidTokenIsAccepted() throws Exception {
    assertThat(call(gateway.token("finance-bot")).status()).isEqualTo(200);
  }

  @Test
  void refusesAMissingTokenWithAChallengeThatPointsToTheMetadata() throws Exception {
    GatewayFixture.Response response = call(null);
    assertThat(response.status()).isEqualTo(401);
    // No error code when no token was presented (RFC 6750 section 3.1).
    assertThat(response.header("WWW-Authenticate"))
        .isEqualTo("Bearer resource_metadata=\"" + metadataUrl() + "\"");
  }

  @Test
  void answersAnotherSchemeAsIfNoTokenWasSent() throws Exception {
    HttpResponse<String> response =
        gateway.http.send(
            HttpRequest.newBuilder(URI.create(gateway.base() + "/v1/decisions"))
                .header("Authorization", "Basic " + b64("finance-bot:secret"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer resource_metadata=\"" + metadataUrl() + "\"");
  }

  @Test
  void refusesTwoAuthorizationHeaders() throws Exception {
    String token = gateway.token("finance-bot");
    HttpResponse<String> response =
        gateway.http.send(
            HttpRequest.newBuilder(URI.create(gateway.base() + "/v1/decisions"))
                .header("Authorization", "Bearer " + token)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("send exactly one Authorization header");
  }

  @Test
  void refusesAnExpiredToken() throws Exception {
    assertRefused(
        signed(
            TestingIssuer.agentClaims("acme", "finance-bot", now.minus(Duration.ofHours(1)))
                .claim("note", MARKER)),
        "the token has expired");
  }

  @Test
  void toleratesOnlyTheConfiguredClockSkewOnExpiry() throws Exception {
    assertThat(call(signed(agent().expirationTime(Date.from(now.minusSeconds(59))))).status())
        .isEqualTo(200);
    assertRefused(
        signed(agent().expirationTime(Date.from(now.minusSeconds(60)))), "the token has expired");
  }

  @Test
  void refusesATokenWithoutExpiryOrIssueTime() throws Exception {
    assertRefused(signed(agent().expirationTime(null)), "the token has no expiry (exp)");
    assertRefused(signed(agent().issueTime(null)), "the token has no issue time (iat)");
  }

  @Test
  void refusesATokenNotYetValid() throws Exception {
    assertRefused(
        signed(agent().notBeforeTime(Date.from(now.plusSeconds(61)))),
        "the token is not valid yet (nbf)");
    assertThat(call(signed(agent().notBeforeTime(Date.from(now.plusSeconds(60))))).status())
        .isEqualTo(200);
  }

  @Test
  void refusesATokenIssuedInTheFutureBeyondTheSkew() throws Exception {
    assertRefused(
        signed(agent().issueTime(Date.from(now.plusSeconds(61)))),
        "the token's issue time (iat) is in the future");
    assertThat(call(signed(agent().issueTime(Date.from(now.plusSeconds(60))))).status())
        .isEqualTo(200);
  }

  @Test
  void refusesTheWrongAudience() throws Exception {
    assertRefused(
        signed(agent().audience("another-api")), "the token is not meant for this resource (aud)");
    assertRefused(
        signed(agent().audience(List.<String>of())),
        "the token is not meant for this resource (aud)");
    assertThat(call(signed(agent().audience(List.of("another-api", "sallyport")))).status())
        .isEqualTo(200);
  }

  @Test
  void refusesTheWrongIssuer() throws Exception {
    assertRefused(
        signed(agent().issuer("https://evil.example")), "the token's issuer is not trusted");
    assertRefused(signed(agent().issuer(null)), "the token's issuer is not trusted");
  }

  @Test
  void refusesAKeyTheIssuerDoesNotPublish() throws Exception {
    assertRefused(
        new TestingIssuer().agentToken("acme", "finance-bot", now),
        "the token is signed with a key its issuer does not publish");
  }

  @Test
  void refusesAnotherKeyThatClaimsTheIssuersKeyId() throws Exception {
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID(gateway.issuer.key().getKeyID()).generate();
    SignedJWT jwt =
        new SignedJWT(header().type(TestingIssuer.ACCESS_TOKEN_TYPE).build(), agent().build());
    jwt.sign(new ECDSASigner(other));
    assertRefused(jwt.serialize(), "the token's signature does not verify");
  }

  @Test
  void refusesAnUnsignedToken() throws Exception {
    assertRefused(
        new PlainJWT(agent().build()).serialize(),
        "the access token is not a well-formed signed JWT");
    String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
    assertRefused(
        none + "." + b64(agent().build().toString()) + "." + b64("signature"),
        "the token's signature algorithm is not accepted");
  }

  @Test
  void refusesHs256SignedWithThePublicKeyAsTheSecret() throws Exception {
    byte[] publicKey = gateway.issuer.key().toPublicJWK().toJSONString().getBytes(UTF_8);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(gateway.issuer.key().getKeyID())
                .type(TestingIssuer.ACCESS_TOKEN_TYPE)
                .build(),
            agent().build());
    jwt.sign(new MACSigner(Arrays.copyOf(publicKey, Math.max(32, publicKey.length))));
    assertRefused(jwt.serialize(), "the token's signature algorithm is not accepted");
  }

  @Test
  void refusesATamperedPayload() throws Exception {
    String[] parts = gateway.token("analyst-bot").split("\\.");
    String forged = b64(agent().build().toString());
    assertRefused(
        parts[0] + "." + forged + "." + parts[2], "the token's signature does not verify");
  }

  @Test
  void refusesATokenOverTheSizeLimitBeforeParsingIt() throws Exception {
    String oversize = signed(agent().claim("padding", "x".repeat(2100)));
    assertRefused(oversize, "the access token is too large");
    // Not even well-formed: the size is checked first.
    assertRefused("x".repeat(2049), "the access token is too large");
  }

  @Test
  void jettyRefusesHeadersOverItsOwnLimit() throws Exception {
    GatewayFixture.Response response = call(signed(agent().claim("padding", "x".repeat(9000))));
    assertThat(response.status()).isEqualTo(431);
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void refusesMalformedSegments() throws Exception {
    String payload = b64(agent().build().toString());
    String header = b64("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}");
    for (String token :
        List.of(
            "abc",
            "a.b",
            "a.b.c.d",
            "a.b.c.d.e",
            "..",
            "a..c",
            ".b.c",
            "a.b.",
            "eyJhbGciOiJFUzI1NiJ9.!!!.x",
            "a+b/c=.d.e",
            "AAAA.BBBB.CCCC",
            b64("not json") + "." + payload + ".c2ln",
            b64("[1,2]") + "." + payload + ".c2ln",
            header + "." + b64("not json") + ".c2ln",
            header + "." + b64("[\"a\"]") + ".c2ln",
            header + "." + b64("{\"exp\":\"tomorrow\"}") + ".c2ln")) {
      assertRefused(token, "the access token is not a well-formed signed JWT");
    }
  }

  @Test
  void refusesAnEmptyBearerToken() throws Exception {
    assertRefused("", "the access token is not a well-formed signed JWT");
  }

  @Test
  void refusesATypeOtherThanAnAccessToken() throws Exception {
    assertRefused(
        signedWithHeader(agent(), header().type(JOSEObjectType.JWT)),
        "the token's type (typ) is not accepted");
    assertRefused(signedWithHeader(agent(), header()), "the token's type (typ) is not accepted");
    assertRefused(
        signedWithHeader(agent(), header().type(new JOSEObjectType("id+jwt"))),
        "the token's type (typ) is not accepted");
  }

  @Test
  void acceptsTheAccessTokenTypeInEitherSpelling() throws Exception {
    for (String type : List.of("application/at+jwt", "AT+JWT", "Application/At+Jwt")) {
      assertThat(call(signedWithHeader(agent(), header().type(new JOSEObjectType(type)))).status())
          .as(type)
          .isEqualTo(200);
    }
  }

  @Test
  void refusesCriticalHeaderParameters() throws Exception {
    assertRefused(
        signedWithHeader(
            agent(),
            header()
                .type(TestingIssuer.ACCESS_TOKEN_TYPE)
                .criticalParams(Set.of("exp"))
                .customParam("exp", 1)),
        "the token has critical header parameters");
  }

  @Test
  void refusesATokenWithoutSubject() throws Exception {
    assertRefused(signed(agent().subject(null)), "the token has no subject (sub)");
  }

  @Test
  void refusesATokenOfAnUnknownTenant() throws Exception {
    assertRefused(
        signed(TestingIssuer.agentClaims("globex", "finance-bot", now)),
        "the token names no tenant its issuer may speak for");
    assertRefused(
        signed(agent().claim("tenant", null)),
        "the token names no tenant its issuer may speak for");
    assertRefused(
        signed(agent().claim("tenant", List.of("acme"))),
        "the token names no tenant its issuer may speak for");
  }

  @Test
  void refusesAnAgentTheTenantDoesNotRegister() throws Exception {
    assertRefused(
        signed(TestingIssuer.agentClaims("acme", "rogue-bot", now)),
        "the agent is not registered with the tenant");
  }

  @Test
  void refusesATokenThatDoesNotSayWhatKindOfPrincipal() throws Exception {
    String neither = "the token is neither an agent's nor a person's by its issuer's rules";
    assertRefused(signed(agent().claim("principal_type", null)), neither);
    assertRefused(signed(agent().claim("principal_type", "admin")), neither);
    assertRefused(signed(agent().claim("principal_type", List.of("human"))), neither);
  }

  @Test
  void refusesAPersonWhoseIdIsARegisteredAgent() throws Exception {
    assertRefused(
        signed(TestingIssuer.humanClaims("acme", "finance-bot", List.of("finance-leads"), now)),
        "the person's id is the id of a registered agent");
  }

  @Test
  void refusesGroupsOfTheWrongType() throws Exception {
    assertRefused(
        signed(
            TestingIssuer.humanClaims("acme", "carol@acme.example", List.of(), now)
                .claim("groups", List.of("finance-leads", 7))),
        "the token's claims have unexpected types");
  }

  @Test
  void aPersonGetsRolesFromGroupsButNoAgentTools() throws Exception {
    GatewayFixture.Response response =
        call(
            signed(
                TestingIssuer.humanClaims(
                    "acme", "carol@acme.example", List.of("finance-leads"), now)));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.map()).containsEntry("rules", List.of("grant.not_granted"));
  }
}
