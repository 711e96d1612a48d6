package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.approval.ApprovalStatus;
import dev.sallyport.approval.Ballot;
import dev.sallyport.approval.StoredApproval;
import dev.sallyport.approval.Verdict;
import dev.sallyport.approval.VoteResult;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call held for approval over the real HTTP API, on SQLite: 202 and nothing sent; then exactly
 * one settlement — approved and dispatched once, rejected, or expired — seen by long-polling the
 * action, and in the ledger in order.
 */
class ApprovalFlowTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Principal FIONA =
      new Principal(
          ACME, "fiona@acme.example", PrincipalKind.HUMAN, Set.of(), Set.of("finance-leads"));
  private static final Principal GEORGE =
      new Principal(
          ACME, "george@acme.example", PrincipalKind.HUMAN, Set.of(), Set.of("finance-leads"));

  @TempDir Path temp;
  private GatewayFixture gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = new GatewayFixture(temp);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  /** Holds a payment over the approval limit; returns its action id. */
  private String held() throws Exception {
    GatewayFixture.Response response =
        gateway.action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(9000));
    assertThat(response.status()).isEqualTo(202);
    assertThat(response.map())
        .containsEntry("status", "pending_approval")
        .containsEntry("decision", "require_approval")
        .containsEntry("approvers", List.of("finance-approvers"));
    String id = (String) response.map().get("action_id");
    assertThat(response.map())
        .containsEntry("approval_id", id)
        .containsEntry("poll", "/v1/actions/" + id);
    assertThat(gateway.upstream.received()).isEmpty();
    // Approvers see the IBAN as a typed placeholder; the held call keeps the exact value.
    var stored = gateway.approvalStore.find(ACME, id).orElseThrow().request();
    assertThat(stored.shownArguments().get("iban")).asString().startsWith("[IBAN");
    assertThat(stored.call().arguments()).containsEntry("iban", "DE89370400440532013000");
    return id;
  }

  private void vote(String id, Principal person, Verdict verdict) {
    VoteResult result =
        gateway.approvalStore.vote(
            ACME,
            id,
            new Ballot(person, person.id(), verdict, Optional.empty()),
            gateway.clock.instant());
    assertThat(result).isInstanceOf(VoteResult.Recorded.class);
    StoredApproval approval = gateway.approvalStore.find(ACME, id).orElseThrow();
    VoteResult.Recorded recorded = (VoteResult.Recorded) result;
    if (recorded.decidedNow()) {
      gateway.server.approvals().decided(approval, approval.votes().getLast(), recorded.status());
    }
  }

  private GatewayFixture.Response poll(String id, String agent) throws Exception {
    return gateway.get("/v1/actions/" + id + "?wait=10", gateway.token(agent));
  }

  private List<String> types() {
    List<String> types = new ArrayList<>();
    for (AuditEvent event : gateway.sqliteAudit.read(ACME, 0, 1000)) {
      types.add(event.type());
    }
    return types;
  }

  @Test
  void anApprovedCallIsDispatchedOnceAndTheLedgerTellsItInOrder() throws Exception {
    String id = held();
    assertThat(poll(id, "finance-bot").status()).isEqualTo(202);

    vote(id, FIONA, Verdict.APPROVE);
    GatewayFixture.Response done = poll(id, "finance-bot");

    assertThat(done.status()).isEqualTo(200);
    assertThat(done.map()).containsEntry("status", "executed").containsEntry("decision", "allow");
    assertThat(gateway.upstream.received()).hasSize(1);
    List<String> types = types();
    assertThat(types)
        .containsSubsequence(
            "decision", "approval.requested", "approval.approved", "grant.issued", "action.result");
    AuditEvent approvedEvent =
        gateway.sqliteAudit.read(ACME, 0, 1000).stream()
            .filter(e -> e.type().equals("approval.approved"))
            .findFirst()
            .orElseThrow();
    assertThat(approvedEvent.actor()).isEqualTo("fiona@acme.example");
    assertThat(approvedEvent.detail())
        .hasValueSatisfying(
            d -> assertThat(d).contains("\"signature\":\"").contains("fiona@acme.example"));

    // Settling again — a late sweep, a second report — sends nothing more.
    gateway.server.approvals().sweep();
    StoredApproval approval = gateway.approvalStore.find(ACME, id).orElseThrow();
    gateway
        .server
        .approvals()
        .decided(
            approval, approval.votes().getFirst(), new ApprovalStatus.Approved(approval.votes()));
    assertThat(gateway.upstream.received()).hasSize(1);
  }

  @Test
  void aRejectedCallIsDeniedAndNothingIsSent() throws Exception {
    String id = held();

    vote(id, GEORGE, Verdict.REJECT);
    GatewayFixture.Response done = poll(id, "finance-bot");

    assertThat(done.status()).isEqualTo(403);
    assertThat(done.map())
        .containsEntry("type", "https://sallyport.dev/problems/action-denied")
        .containsEntry("rules", List.of("approval.rejected"));
    assertThat(gateway.upstream.received()).isEmpty();
    assertThat(types()).contains("approval.rejected").doesNotContain("grant.issued");
  }

  @Test
  void anUndecidedCallExpiresIntoADenial() throws Exception {
    String id = held();
    gateway.clock.advance(Duration.ofMinutes(15));

    GatewayFixture.Response done = poll(id, "finance-bot");

    assertThat(done.status()).isEqualTo(403);
    assertThat(done.map()).containsEntry("rules", List.of("approval.expired"));
    assertThat(gateway.upstream.received()).isEmpty();
    assertThat(types()).contains("approval.expired");
  }

  @Test
  void anApprovalGivenWhileTheGatewayIsDownIsSettledOnceAfterTheRestart() throws Exception {
    String id = held();
    gateway.server.close();
    // The approval lands in the store while no gateway runs, so nobody is told of it.
    gateway.approvalStore.vote(
        ACME,
        id,
        new Ballot(FIONA, "Fiona", Verdict.APPROVE, Optional.empty()),
        gateway.clock.instant());

    gateway.restart();
    GatewayFixture.Response done = poll(id, "finance-bot");

    assertThat(done.status()).isEqualTo(200);
    assertThat(done.map()).containsEntry("status", "executed");
    assertThat(gateway.upstream.received()).hasSize(1);
    gateway.restart();
    gateway.server.approvals().sweep();
    assertThat(gateway.upstream.received()).hasSize(1);
  }

  @Test
  void onlyTheCallerSeesItsHeldAction() throws Exception {
    String id = held();

    assertThat(poll(id, "analyst-bot").status()).isEqualTo(404);
    assertThat(poll("no-such-action", "finance-bot").status()).isEqualTo(404);
    assertThat(poll(id, "analyst-bot").body())
        .isEqualTo(poll("no-such-action", "analyst-bot").body());
  }

  @Test
  void manySettlersAtOnceDispatchOnce() throws Exception {
    String id = held();
    gateway.approvalStore.vote(
        ACME,
        id,
        new Ballot(FIONA, "Fiona", Verdict.APPROVE, Optional.empty()),
        gateway.clock.instant());
    StoredApproval approval = gateway.approvalStore.find(ACME, id).orElseThrow();

    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int n = i;
        all.add(
            threads.submit(() -> {
              go.await();
              if (n % 2 == 0) {
                gateway.server.approvals().sweep();
              } else {
                gateway
                    .server
                    .approvals()
                    .decided(
                        approval,
                        approval.votes().getFirst(),
                        new ApprovalStatus.Approved(approval.votes()));
              }
              return null;
            }));
      }
      go.countDown();
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(poll(id, "finance-bot").status()).isEqualTo(200);
    assertThat(gateway.upstream.received()).hasSize(1);
  }
}
