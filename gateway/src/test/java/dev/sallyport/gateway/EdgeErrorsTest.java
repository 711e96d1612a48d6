package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad requests get RFC 9457 problems with stable types, and leak nothing. */
class EdgeErrorsTest {
  @TempDir Path temp;
  GatewayFixture gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = new GatewayFixture(temp);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "[]",
        "{\"tool\": 7}",
        "{\"tool\": \"payments.pay_supplier\", \"arguments\": []}",
        "{\"tool\": \"payments.pay_supplier\", \"tenant\": \"globex\"}",
        "{\"tool\": \"x\", \"tool\": \"payments.pay_supplier\"}",
        "{\"tool\": \"payments.pay_supplier\"} trailing",
      })
  void malformedBodiesAreRefusedWithAProblem(String body) throws Exception {
    GatewayFixture.Response response =
        gateway.post(
            "/v1/actions",
            gateway.token("finance-bot"),
            "application/json",
            body.getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.map())
        .containsEntry("type", "https://sallyport.dev/problems/malformed-request");
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void theTenantCannotBeChosenInTheBody() throws Exception {
    GatewayFixture.Response response =
        gateway.post(
            "/v1/actions",
            gateway.token("finance-bot"),
            Map.of("tool", "invoices.list", "tenant", "globex"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.map().get("detail")).isEqualTo("unknown field 'tenant'");
  }

  @Test
  void aBodyOverOneMebibyteIsRefused() throws Exception {
    byte[] body =
        ("{\"tool\":\"invoices.list\",\"arguments\":{\"x\":\"" + "a".repeat(1 << 20) + "\"}}")
            .getBytes(StandardCharsets.UTF_8);

    GatewayFixture.Response response =
        gateway.post("/v1/actions", gateway.token("finance-bot"), "application/json", body);

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void otherContentTypesAreRefused() throws Exception {
    GatewayFixture.Response response =
        gateway.post(
            "/v1/actions",
            gateway.token("finance-bot"),
            "text/plain",
            "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void unknownPathsAndWrongMethodsAreProblems() throws Exception {
    // A path of no route group is refused by ingress before routing (see IngressTest).
    assertThat(gateway.get("/v1/nothing").status()).isEqualTo(403);
    GatewayFixture.Response wrongMethod = gateway.get("/v1/actions");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
  }

  @Test
  void argumentsOutsideTheSchemaAreDeniedAndTheProblemDoesNotEchoThem() throws Exception {
    GatewayFixture.Response response =
        gateway.action(
            "finance-bot", "payments.pay_supplier", GatewayFixture.payment("SECRET-VALUE-42"));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.map())
        .containsEntry("rules", java.util.List.of("invariant.invalid_arguments"));
    assertThat(response.body()).doesNotContain("SECRET-VALUE-42");
  }
}
