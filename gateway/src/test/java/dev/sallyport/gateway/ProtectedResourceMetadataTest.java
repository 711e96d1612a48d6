package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.gateway.identity.ProtectedResourceMetadata;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 9728 protected resource metadata, and the 401 challenges that point MCP clients to it (MCP
 * authorization, 2025-06-18 and 2025-11-25).
 */
class ProtectedResourceMetadataTest {
  @TempDir Path temp;

  @Test
  void servesTheMetadataOfTheAddressListenedOnWhenNoResourceIsConfigured() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(temp)) {
      for (String path :
          List.of(
              "/.well-known/oauth-protected-resource",
              "/.well-known/oauth-protected-resource/mcp")) {
        GatewayFixture.Response response = gateway.get(path);

        assertThat(response.status()).as(path).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.map())
            .containsExactly(
                Map.entry("resource", gateway.base()),
                Map.entry("authorization_servers", List.of(TestingIssuer.ISSUER)),
                Map.entry("bearer_methods_supported", List.of("header")));
      }
      // Public: no token needed to learn where tokens come from.
      assertThat(gateway.get("/.well-known/oauth-protected-resource/other").status())
          .isEqualTo(404);
      assertThat(
              gateway
                  .post(
                      "/.well-known/oauth-protected-resource",
                      null,
                      "application/json",
                      new byte[0])
                  .status())
          .isEqualTo(405);
    }
  }

  @Test
  void aConfiguredResourceWithAPathIsServedAndAdvertisedAtItsRfc9728Location() throws Exception {
    try (GatewayFixture gateway =
        new GatewayFixture(
            temp,
            dir ->
                ExampleDeployments.edit(
                    dir,
                    "sallyport.yaml",
                    "  # resource: https://sallyport.acme.example\n",
                    "  resource: https://sallyport.acme.example/gateway\n"
                        + "  scopes_supported: [sallyport.act, sallyport.audit]\n"),
            log -> log,
            history -> history)) {
      GatewayFixture.Response unauthenticated =
          gateway.post("/v1/decisions", null, Map.of("tool", "invoices.list"));

      assertThat(unauthenticated.status()).isEqualTo(401);
      assertThat(unauthenticated.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer resource_metadata=\"https://sallyport.acme.example/.well-known/"
                  + "oauth-protected-resource/gateway\", scope=\"sallyport.act sallyport.audit\"");

      GatewayFixture.Response refused =
          gateway.post("/v1/decisions", "not-a-token", Map.of("tool", "invoices.list"));
      assertThat(refused.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer error=\"invalid_token\","
                  + " error_description=\"the access token is not a well-formed signed JWT\","
                  + " resource_metadata=\"https://sallyport.acme.example/.well-known/"
                  + "oauth-protected-resource/gateway\", scope=\"sallyport.act sallyport.audit\"");

      for (String path :
          List.of(
              "/.well-known/oauth-protected-resource/gateway",
              "/.well-known/oauth-protected-resource",
              "/.well-known/oauth-protected-resource/mcp")) {
        assertThat(gateway.get(path).map())
            .as(path)
            .containsEntry("resource", "https://sallyport.acme.example/gateway")
            .containsEntry("scopes_supported", List.of("sallyport.act", "sallyport.audit"));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "https://sallyport.example, https://sallyport.example/.well-known/oauth-protected-resource",
    "https://sallyport.example/, https://sallyport.example/.well-known/oauth-protected-resource",
    "https://sallyport.example/mcp, https://sallyport.example/.well-known/oauth-protected-resource/mcp",
    "https://sallyport.example:8443/a/b/, https://sallyport.example:8443/.well-known/oauth-protected-resource/a/b",
    "http://127.0.0.1:8080, http://127.0.0.1:8080/.well-known/oauth-protected-resource"
  })
  void theMetadataUrlInsertsTheWellKnownPrefixBeforeTheResourcePath(
      String resource, String metadata) {
    assertThat(
            new ProtectedResourceMetadata(URI.create(resource), List.of(), List.of()).metadataUrl())
        .isEqualTo(URI.create(metadata));
  }

  @Test
  void anErrorDescriptionKeepsOnlyTheCharactersRfc6750Allows() {
    ProtectedResourceMetadata metadata =
        new ProtectedResourceMetadata(URI.create("https://s.example"), List.of(), List.of());

    assertThat(metadata.invalidToken("bad \"quote\" \\ and\nnewline é"))
        .contains("error_description=\"bad  quote    and newline  \"");
  }
}
