package dev.sallyport.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Finding the JWK set from the issuer's metadata, and refusing metadata that is not its own. */
class DiscoveredJwksTest {
  private final LocalIdp server;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final IdpClient idp = new IdpClient(http);
  private final URI issuer;
  private final String jwks;

  DiscoveredJwksTest() throws Exception {
    server = new LocalIdp();
    issuer = server.url("/realms/acme");
    jwks =
        new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK()).toString();
    server.json("/realms/acme/certs", jwks);
  }

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  private String metadata(String issuerValue, String jwksUri) {
    return "{\"issuer\":\"" + issuerValue + "\",\"jwks_uri\":\"" + jwksUri + "\"}";
  }

  @ParameterizedTest
  @CsvSource({
    "https://idp.example,"
        + " https://idp.example/.well-known/openid-configuration"
        + " https://idp.example/.well-known/oauth-authorization-server",
    "https://idp.example/realms/acme/,"
        + " https://idp.example/realms/acme/.well-known/openid-configuration"
        + " https://idp.example/.well-known/oauth-authorization-server/realms/acme"
        + " https://idp.example/realms/acme/.well-known/oauth-authorization-server",
  })
  void triesOpenIdThenRfc8414ThenTheAppendedForm(String issuerUrl, String expected) {
    assertThat(DiscoveredJwks.metadataLocations(URI.create(issuerUrl)))
        .extracting(URI::toString)
        .containsExactly(expected.split(" "));
  }

  @Test
  void followsTheOpenIdConfiguration() throws Exception {
    server.json(
        "/realms/acme/.well-known/openid-configuration",
        metadata(issuer.toString(), server.url("/realms/acme/certs").toString()));

    assertThat(new DiscoveredJwks(idp, issuer).fetch().getKeyByKeyId("k1")).isNotNull();
  }

  @Test
  void fallsBackToAuthorizationServerMetadata() throws Exception {
    server.json(
        "/.well-known/oauth-authorization-server/realms/acme",
        metadata(issuer.toString(), server.url("/realms/acme/certs").toString()));

    assertThat(new DiscoveredJwks(idp, issuer).fetch().getKeyByKeyId("k1")).isNotNull();
  }

  @Test
  void refusesMetadataOfAnotherIssuer() {
    server.json(
        "/realms/acme/.well-known/openid-configuration",
        metadata("https://evil.example", server.url("/realms/acme/certs").toString()));

    assertThatThrownBy(() -> new DiscoveredJwks(idp, issuer).fetch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("describes another issuer");
  }

  @Test
  void refusesAJwksUriOverPlainHttpBeyondLoopback() {
    server.json(
        "/realms/acme/.well-known/openid-configuration",
        metadata(issuer.toString(), "http://idp.example.com/certs"));

    assertThatThrownBy(() -> new DiscoveredJwks(idp, issuer).fetch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing to fetch");
  }

  @Test
  void refusesMetadataThatIsNotJsonOrLacksAJwksUri() {
    DiscoveredJwks discovered = new DiscoveredJwks(idp, issuer);
    for (String body :
        List.of("<html>", "[]", "{\"issuer\":\"" + issuer + "\"}", "{\"issuer\":5}")) {
      server.json("/realms/acme/.well-known/openid-configuration", body);
      assertThatThrownBy(discovered::fetch).as(body).isInstanceOf(IOException.class);
    }
  }

  @Test
  void refusesAJwksDocumentThatIsNotAKeySet() {
    server.json(
        "/realms/acme/.well-known/openid-configuration",
        metadata(issuer.toString(), server.url("/realms/acme/certs").toString()));
    server.json("/realms/acme/certs", "{\"keys\": \"none\"}");

    assertThatThrownBy(() -> new DiscoveredJwks(idp, issuer).fetch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not return a JWK set");
  }

  @Test
  void failsWhenNoMetadataIsPublished() {
    assertThatThrownBy(() -> new DiscoveredJwks(idp, issuer).fetch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no authorization server metadata");
  }
}
