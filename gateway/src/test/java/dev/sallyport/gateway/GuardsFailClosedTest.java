package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.model.TenantId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guards fail closed: a session store that cannot record the taint withholds the content; one
 * that cannot answer a provenance or flag lookup denies; one that cannot take a task stores nothing
 * and says so.
 */
class GuardsFailClosedTest {
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir Path temp;
  private GatewayFixture gateway;
  private BreakableSessionHistory history;

  @BeforeEach
  void start() throws Exception {
    gateway =
        new GatewayFixture(
            temp,
            dir -> {},
            log -> log,
            h -> {
              history = new BreakableSessionHistory(h);
              return history;
            });
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  @Test
  void anUntrustedResultWhoseTaintCannotBeRecordedIsWithheld() throws Exception {
    history.broken.set("markTainted");

    GatewayFixture.Response response = gateway.action("finance-bot", "invoices.list", Map.of());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("INV-1").contains("content withheld");
    assertThat(response.body()).contains("taint_not_recorded");
  }

  @Test
  void deniesWhenTheProvenanceLookupFails() throws Exception {
    assertThat(gateway.task("finance-bot", "Pay 120 EUR to DE89370400440532013000")).isEqualTo(201);
    gateway.action("finance-bot", "invoices.list", Map.of());
    history.broken.set("allTraced");

    GatewayFixture.Response response =
        gateway.action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(120));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.map())
        .containsEntry("decision", "deny")
        .containsEntry("rules", List.of("invariant.evaluation_error"));
    assertThat(gateway.upstream.received()).hasSize(1); // the read only
  }

  @Test
  void deniesWhenTheInjectionFlagLookupFails() throws Exception {
    history.broken.set("injectionSuspected");

    GatewayFixture.Response response =
        gateway.action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(120));

    assertThat(response.map()).containsEntry("decision", "deny");
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void theTracedPaymentGoesThroughWhenTheStoreIsWell() throws Exception {
    assertThat(gateway.task("finance-bot", "Pay 120 EUR to DE89370400440532013000")).isEqualTo(201);
    gateway.action("finance-bot", "invoices.list", Map.of());

    GatewayFixture.Response response =
        gateway.action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(120));

    assertThat(response.status()).isEqualTo(200);
    assertThat(gateway.sqliteHistory.tainted(ACME, "finance-bot/test-session")).isTrue();
  }

  @Test
  void aTaskTheStoreCannotTakeIsAnErrorAndNothingIsTrusted() throws Exception {
    history.broken.set("startWithTask");

    assertThat(gateway.task("finance-bot", "Pay 120 EUR to DE89370400440532013000")).isEqualTo(500);

    history.broken.set("");
    gateway.action("finance-bot", "invoices.list", Map.of());
    assertThat(
            gateway
                .action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(120))
                .map())
        .containsEntry("rules", List.of("invariant.tainted_session"));
  }

  @Test
  void aDecisionOnlyCallWhoseTaintCannotBeRecordedFails() throws Exception {
    history.broken.set("markTainted");

    GatewayFixture.Response response =
        gateway.post(
            "/v1/decisions",
            gateway.token("finance-bot"),
            Map.of("tool", "invoices.list", "arguments", Map.of(), "session_id", "test-session"));

    assertThat(response.status()).isEqualTo(500);
  }
}
