package dev.sallyport.gateway.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sallyport.approval.ApprovalLink;
import dev.sallyport.approval.ApprovalRequest;
import dev.sallyport.approval.ApproverRule;
import dev.sallyport.approval.InMemoryApprovalStore;
import dev.sallyport.approval.LinkTokens;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.DeploymentLoader;
import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.model.ToolCall;
import dev.sallyport.policy.ConditionCompiler;
import dev.sallyport.testing.Eventually;
import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.TestingClock;
import dev.sallyport.testing.TestingIssuer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notices from held calls: one per approver group on the webhook, each with its own one-time link
 * that opens this approval until it expires; a notice that finally fails is in the ledger and the
 * metrics.
 */
class ApprovalNotifierTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  @TempDir Path temp;

  private final TestingClock clock = new TestingClock(NOW);
  private final KeyPair key = dev.sallyport.gateway.GatewayServer.Approvals.ed25519KeyPair();
  private final LinkTokens links = new LinkTokens(t -> Optional.of(key), clock);
  private final InMemoryApprovalStore store = new InMemoryApprovalStore();
  private final MemoryAuditLog log = new MemoryAuditLog();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
  private final ObjectMapper json = new ObjectMapper();
  private volatile int answer = 204;
  private HttpServer receiver;
  private ApprovalNotifier notifier;

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> notice = json.readValue(in.readAllBytes(), Map.class);
            received.add(notice);
          }
          exchange.sendResponseHeaders(answer, -1);
          exchange.close();
        });
    receiver.start();
    Path config = ExampleDeployments.copy("quickstart", temp.resolve("config"));
    new TestingIssuer().writeJwks(config);
    Files.writeString(
        config.resolve("sallyport.yaml"),
        Files.readString(config.resolve("sallyport.yaml"))
            + "console:\n  issuer: https://sallyport.local/dev-issuer\n"
            + "  client_id: console\n  public_origin: https://sallyport.acme.example\n");
    Files.writeString(
        config.resolve("tenants/acme/tenant.yaml"),
        Files.readString(config.resolve("tenants/acme/tenant.yaml"))
            + "notifications:\n  webhook:\n    url: http://127.0.0.1:"
            + receiver.getAddress().getPort()
            + "/hook\n    secret_env: HOOK_SECRET\n");
    Deployment deployment = new DeploymentLoader(new ConditionCompiler()).load(config);
    notifier =
        ApprovalNotifier.start(
            deployment.tenants().values(),
            URI.create("https://sallyport.acme.example"),
            links,
            HttpClient.newHttpClient(),
            name -> name.equals("HOOK_SECRET") ? "0123456789abcdef0123" : null,
            store,
            new AuditRecorder(log, clock, new TimeOrderedIds(clock, new SecureRandom())),
            metrics,
            clock);
  }

  @AfterEach
  void stop() {
    notifier.close();
    receiver.stop(0);
  }

  private ApprovalRequest held(String id) {
    ToolCall call =
        new ToolCall(
            id,
            new Principal(ACME, "finance-bot", PrincipalKind.AGENT, Set.of(), Set.of()),
            "payments.pay_supplier",
            Map.of("amount", 9000),
            "s-1",
            NOW);
    ApprovalRequest request =
        new ApprovalRequest(
            id,
            call,
            Optional.empty(),
            call.arguments(),
            "v-1",
            List.of("payment-over-limit"),
            "over the limit",
            List.of(
                new ApproverRule("finance-approvers", Set.of("finance-leads"), Set.of(), 1, false),
                new ApproverRule("it-approvers", Set.of(), Set.of("ciso@acme.example"), 1, false)),
            NOW,
            NOW.plus(Duration.ofMinutes(15)),
            "nonce");
    store.create(request);
    return request;
  }

  @Test
  void sendsEachApproverGroupItsOwnLinkThatOpensThisApprovalUntilItExpires() throws Exception {
    notifier.requested(held("a-1"));

    List<Map<String, Object>> notices = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      notices.add(received.poll(20, TimeUnit.SECONDS));
    }

    assertThat(notices)
        .extracting(n -> n.get("recipient"))
        .containsExactlyInAnyOrder("finance-approvers", "it-approvers");
    for (Map<String, Object> notice : notices) {
      String link = (String) notice.get("link");
      assertThat(link).startsWith("https://sallyport.acme.example/approvals/open?t=");
      ApprovalLink opened =
          links.verify(
              URLDecoder.decode(link.substring(link.indexOf("t=") + 2), StandardCharsets.UTF_8));
      assertThat(opened.approvalId()).isEqualTo("a-1");
      assertThat(opened.sentTo()).isEqualTo(notice.get("recipient"));
      assertThat(opened.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    }
    assertThat(notices.get(0).get("link")).isNotEqualTo(notices.get(1).get("link"));
  }

  @Test
  void recordsANoticeThatFinallyFailedInTheLedgerAndTheMetrics() throws Exception {
    answer = 400;
    notifier.requested(held("a-2"));

    Eventually.until("both notices have finally failed", () -> log.failures().size() >= 2);

    assertThat(log.failures())
        .hasSize(2)
        .allSatisfy(e -> {
          assertThat(e.actionId()).contains("a-2");
          assertThat(e.actor()).isEqualTo("system");
          assertThat(e.reason()).startsWith("channel:webhook to:").contains("HTTP 400");
          assertThat(e.reason()).doesNotContain("spa1.");
        });
    assertThat(
            metrics
                .counter(
                    "sallyport.approval.notifications", "channel", "webhook", "outcome", "failed")
                .count())
        .isEqualTo(2.0);
  }

  /** The ledger in memory. */
  private static final class MemoryAuditLog implements AuditLog {
    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized long append(AuditEvent event) {
      events.add(event);
      return events.size() - 1;
    }

    @Override
    public synchronized List<AuditEvent> read(TenantId tenant, long from, int limit) {
      return List.copyOf(events);
    }

    @Override
    public synchronized long size(TenantId tenant) {
      return events.size();
    }

    @Override
    public boolean isWritable() {
      return true;
    }

    @Override
    public void close() {}

    synchronized List<AuditEvent> failures() {
      return events.stream().filter(e -> e.type().equals("approval.notification_failed")).toList();
    }
  }
}
