package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision path end to end over HTTP, on the quickstart deployment. */
class DecisionPathTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Map<String, Object> PAYMENT = GatewayFixture.payment(120.0);

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

  @Test
  void anAllowedReadRunsAndItsUntrustedResultArrivesDatamarked() throws Exception {
    GatewayFixture.Response response =
        gateway.action("finance-bot", "invoices.list", Map.of("status", "open"));

    assertThat(response.status()).isEqualTo(200);
    Map<String, Object> body = response.map();
    assertThat(body).containsEntry("decision", "allow").containsEntry("status", "executed");
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) body.get("result");
    assertThat(result).containsEntry("status", 200);
    @SuppressWarnings("unchecked")
    Map<String, Object> answer = (Map<String, Object>) result.get("body");
    @SuppressWarnings("unchecked")
    Map<String, Object> guard = (Map<String, Object>) answer.get("guard");
    String delimiter = (String) guard.get("delimiter");
    assertThat(guard)
        .containsEntry("provenance", "untrusted")
        .containsEntry("session_tainted", true)
        .containsEntry("action", "datamarked");
    assertThat(delimiter).matches("[A-Za-z0-9_-]{24}");
    assertThat(answer.get("content"))
        .isEqualTo(
            Map.of(
                "invoices",
                List.of(
                    Map.of(
                        "invoice_id",
                        "<<untrusted:" + delimiter + ">>\nINV-1\n<</untrusted:" + delimiter + ">>",
                        "amount",
                        12.5))));
    assertThat(gateway.sqliteHistory.tainted(ACME, "finance-bot/test-session")).isTrue();
    assertThat(gateway.upstream.received())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.method()).isEqualTo("GET");
          assertThat(r.path()).isEqualTo("/erp/invoices");
          assertThat(r.query()).isEqualTo("status=open");
        });
  }

  @Test
  void anAllowedWriteSendsTheArgumentsAsJson() throws Exception {
    GatewayFixture.Response response =
        gateway.action("finance-bot", "payments.pay_supplier", PAYMENT);

    assertThat(response.status()).isEqualTo(200);
    FakeUpstream.Received sent = gateway.upstream.received().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/erp/payments");
    assertThat(gateway.json.readValue(sent.body(), Map.class)).isEqualTo(PAYMENT);
  }

  @Test
  void pathArgumentsAreEncodedAndCannotEscapeThePath() throws Exception {
    gateway.action("finance-bot", "invoices.get", Map.of("invoice_id", "../../admin?x=1"));

    assertThat(gateway.upstream.received().get(0).path())
        .isEqualTo("/erp/invoices/..%2F..%2Fadmin%3Fx%3D1");
  }

  @Test
  void aDeniedActionIsAProblemAndNothingIsSent() throws Exception {
    GatewayFixture.Response response =
        gateway.action(
            "analyst-bot",
            "email.send_customer",
            Map.of("to", "a@b.example", "subject", "s", "body", "b"));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.map())
        .containsEntry("type", "https://sallyport.dev/problems/action-denied")
        .containsEntry("decision", "deny")
        .containsEntry("rules", List.of("invariant.read_only_role"));
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void anActionThatNeedsApprovalIsHeldAndNotRun() throws Exception {
    GatewayFixture.Response response =
        gateway.action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(9000));

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.map())
        .containsEntry("status", "pending_approval")
        .containsEntry("decision", "require_approval")
        .containsEntry("approvers", List.of("finance-approvers"));
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void aDryRunAgentIsRecordedAndNothingIsSent() throws Exception {
    GatewayFixture.Response response =
        gateway.action("offboarding-bot", "directory.disable_user", Map.of("user_id", "u-7"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.map())
        .containsEntry("decision", "dry_run")
        .containsEntry("status", "dry_run");
    assertThat(response.map().get("would_send"))
        .isEqualTo(
            Map.of(
                "method",
                "POST",
                "url",
                gateway.upstream.baseUrl() + "/directory/users/u-7/disable"));
    assertThat(gateway.upstream.received()).isEmpty();
    assertThat(gateway.sqliteAudit.read(ACME, 0, 100))
        .extracting(AuditEvent::type)
        .contains("action.dry_run");
  }

  @Test
  void theDecisionsEndpointDecidesButNeverSends() throws Exception {
    GatewayFixture.Response response =
        gateway.post(
            "/v1/decisions",
            gateway.token("finance-bot"),
            Map.of("tool", "payments.pay_supplier", "arguments", PAYMENT));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.map())
        .containsEntry("decision", "allow")
        .containsEntry("status", "decided");
    assertThat(response.map().get("policy_version")).asString().hasSize(16);
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void theAuditLogHoldsDecisionDispatchAndResultInOrderWithDigestsOnly() throws Exception {
    gateway.action("finance-bot", "payments.pay_supplier", PAYMENT);

    List<AuditEvent> events = gateway.sqliteAudit.read(ACME, 0, 100);
    assertThat(events)
        .extracting(AuditEvent::type)
        .containsExactly(
            "config.loaded",
            "executor.recovered",
            "decision",
            "grant.issued",
            "action.dispatching",
            "action.result");
    AuditEvent decision = events.get(2);
    assertThat(decision.actor()).isEqualTo("finance-bot");
    assertThat(decision.outcome()).isEqualTo("allow");
    assertThat(decision.argumentsDigest())
        .hasValue(dev.sallyport.model.CanonicalJson.sha256Hex(PAYMENT));
    assertThat(events.get(5).outcome()).isEqualTo("ok");
    assertThat(events.subList(2, 6))
        .extracting(e -> e.actionId().orElseThrow())
        .containsOnly(decision.actionId().orElseThrow());
    String file =
        new String(
                Files.readAllBytes(temp.resolve("data/sallyport.db")), StandardCharsets.ISO_8859_1)
            + new String(
                Files.readAllBytes(temp.resolve("data/sallyport.db-wal")),
                StandardCharsets.ISO_8859_1);
    assertThat(file).doesNotContain("DE89370400440532013000");
  }

  @Test
  void sessionLimitsCountTheCallsThatWentThrough() throws Exception {
    // Each payment's answer taints the session; the task makes the payments' arguments trusted.
    assertThat(gateway.task("finance-bot", "Pay supplier S-1 1 EUR to DE89370400440532013000"))
        .isEqualTo(201);
    for (int i = 0; i < 10; i++) {
      assertThat(
              gateway
                  .action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(1))
                  .status())
          .isEqualTo(200);
    }

    GatewayFixture.Response eleventh =
        gateway.action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(1));
    assertThat(eleventh.map()).containsEntry("rules", List.of("payments-rate-limit"));

    gateway.clock.advance(java.time.Duration.ofMinutes(61));
    GatewayFixture.Response later =
        gateway.post(
            "/v1/actions",
            gateway.issuer.agentToken("acme", "finance-bot", gateway.clock.instant()),
            Map.of(
                "tool",
                "payments.pay_supplier",
                "session_id",
                "test-session",
                "arguments",
                GatewayFixture.payment(1)));
    assertThat(later.status()).isEqualTo(200);
  }

  @Test
  void aPulledKillSwitchStopsTheAgentAtOnce() throws Exception {
    gateway.kills.pullPrincipal(ACME, "finance-bot");

    GatewayFixture.Response response = gateway.action("finance-bot", "invoices.list", Map.of());

    assertThat(response.map()).containsEntry("rules", List.of("invariant.kill_switch"));
    assertThat(gateway.upstream.received()).isEmpty();
  }

  @Test
  void healthReadinessAndMetricsAnswer() throws Exception {
    gateway.action("analyst-bot", "invoices.list", Map.of());

    assertThat(gateway.get("/healthz").status()).isEqualTo(200);
    assertThat(gateway.get("/readyz").status()).isEqualTo(200);
    GatewayFixture.Response metrics = gateway.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("sallyport_decisions_total{outcome=\"allow\"} 1.0");
  }

  @Test
  void aSessionBelongsToThePrincipalThatUsesIt() throws Exception {
    gateway.sqliteHistory.markTainted(ACME, "analyst-bot/test-session", GatewayFixture.START);
    gateway.sqliteHistory.flagInjectionSuspected(
        ACME, "analyst-bot/test-session", GatewayFixture.START);

    // Another principal naming the same session id neither sees its taint and flag nor its calls.
    assertThat(gateway.sqliteHistory.tainted(ACME, "finance-bot/test-session")).isFalse();
    assertThat(gateway.task("finance-bot", "Pay S-1 1 EUR to DE89370400440532013000"))
        .isEqualTo(201);
    for (int i = 0; i < 10; i++) {
      assertThat(
              gateway
                  .action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(1))
                  .status())
          .isEqualTo(200);
    }
    assertThat(
            gateway.sqliteHistory.calls(
                ACME,
                "finance-bot/test-session",
                "payments.pay_supplier",
                GatewayFixture.START.minusSeconds(60)))
        .isEqualTo(10);
    assertThat(
            gateway.sqliteHistory.calls(
                ACME,
                "analyst-bot/test-session",
                "payments.pay_supplier",
                GatewayFixture.START.minusSeconds(60)))
        .isZero();
    assertThat(gateway.sqliteHistory.injectionSuspected(ACME, "finance-bot/test-session"))
        .isFalse();
    assertThat(gateway.action("finance-bot", "invoices.list", Map.of()).status()).isEqualTo(200);
  }
}
