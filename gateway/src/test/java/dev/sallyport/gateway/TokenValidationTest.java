package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sallyport.testing.TestingIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every token defect is a 401 and nothing is decided, recorded as allowed, or sent. */
class TokenValidationTest {
  @TempDir Path temp;
  GatewayFixture gateway;
  Instant now;

  @BeforeEach
  void start() throws Exception {
    gateway = new GatewayFixture(temp);
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

  private void assertRefused(String token) throws Exception {
    GatewayFixture.Response response = call(token);
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.map())
        .containsEntry("type", "https://sallyport.dev/problems/unauthenticated");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(gateway.upstream.received()).isEmpty();
  }

  private String signed(JWTClaimsSet.Builder claims) {
    return gateway.issuer.sign(claims.build(), h -> h);
  }

  @Test
  void aValidTokenIsAccepted() throws Exception {
    assertThat(call(gateway.token("finance-bot")).status()).isEqualTo(200);
  }

  @Test
  void refusesAMissingToken() throws Exception {
    GatewayFixture.Response response = call(null);
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void refusesAnExpiredToken() throws Exception {
    assertRefused(
        signed(TestingIssuer.agentClaims("acme", "finance-bot", now.minus(Duration.ofHours(1)))));
  }

  @Test
  void toleratesOnlyTheConfiguredClockSkew() throws Exception {
    JWTClaimsSet.Builder claims =
        TestingIssuer.agentClaims("acme", "finance-bot", now)
            .expirationTime(Date.from(now.minusSeconds(30)));
    assertThat(call(signed(claims)).status()).isEqualTo(200);
    GatewayFixture.Response late =
        call(signed(claims.expirationTime(Date.from(now.minusSeconds(90)))));
    assertThat(late.status()).isEqualTo(401);
  }

  @Test
  void refusesATokenNotYetValid() throws Exception {
    assertRefused(
        signed(
            TestingIssuer.agentClaims("acme", "finance-bot", now)
                .notBeforeTime(Date.from(now.plusSeconds(600)))));
  }

  @Test
  void refusesTheWrongAudience() throws Exception {
    assertRefused(
        signed(TestingIssuer.agentClaims("acme", "finance-bot", now).audience("another-api")));
  }

  @Test
  void refusesTheWrongIssuer() throws Exception {
    assertRefused(
        signed(
            TestingIssuer.agentClaims("acme", "finance-bot", now).issuer("https://evil.example")));
  }

  @Test
  void refusesAKeyTheIssuerDoesNotPublish() throws Exception {
    assertRefused(new TestingIssuer().agentToken("acme", "finance-bot", now));
  }

  @Test
  void refusesAnUnsignedToken() throws Exception {
    assertRefused(
        new PlainJWT(TestingIssuer.agentClaims("acme", "finance-bot", now).build()).serialize());
  }

  @Test
  void refusesHs256SignedWithThePublicKey() throws Exception {
    byte[] publicKey =
        gateway.issuer.key().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(gateway.issuer.key().getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            TestingIssuer.agentClaims("acme", "finance-bot", now).build());
    jwt.sign(new MACSigner(java.util.Arrays.copyOf(publicKey, Math.max(32, publicKey.length))));
    assertRefused(jwt.serialize());
  }

  @Test
  void refusesATamperedPayload() throws Exception {
    String[] parts = gateway.token("analyst-bot").split("\\.");
    String forged =
        Base64URL.encode(
                TestingIssuer.agentClaims("acme", "finance-bot", now)
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    assertRefused(parts[0] + "." + forged + "." + parts[2]);
  }

  @Test
  void refusesAnOversizeToken() throws Exception {
    // Jetty's 8 KiB header limit answers 431 before any token parsing; the gateway's own limit
    // stands behind it for deployments that raise the header size.
    GatewayFixture.Response response =
        call(
            signed(
                TestingIssuer.agentClaims("acme", "finance-bot", now)
                    .claim("padding", "x".repeat(9000))));
    assertThat(response.status()).isIn(401, 431);
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void refusesMalformedSegments() throws Exception {
    for (String token : List.of("abc", "a.b", "a.b.c.d", "..", "eyJhbGciOiJFUzI1NiJ9.!!!.x", "")) {
      assertRefused(token);
    }
  }

  @Test
  void refusesATokenOfAnUnknownTenant() throws Exception {
    assertRefused(signed(TestingIssuer.agentClaims("globex", "finance-bot", now)));
  }

  @Test
  void refusesAnAgentTheTenantDoesNotRegister() throws Exception {
    assertRefused(signed(TestingIssuer.agentClaims("acme", "rogue-bot", now)));
  }

  @Test
  void refusesATokenThatDoesNotSayWhatKindOfPrincipal() throws Exception {
    assertRefused(
        signed(
            TestingIssuer.agentClaims("acme", "finance-bot", now).claim("principal_type", null)));
    assertRefused(
        signed(
            TestingIssuer.agentClaims("acme", "finance-bot", now)
                .claim("principal_type", "admin")));
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
