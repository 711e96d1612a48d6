package dev.sallyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.approval.Ballot;
import dev.sallyport.approval.Eligibility;
import dev.sallyport.approval.StoredApproval;
import dev.sallyport.approval.Verdict;
import dev.sallyport.approval.VoteResult;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.ExampleDeployments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate applies the tenant's approval settings: the approver group's quorum and separation of
 * duties, and the tenant's timeout.
 */
class ApprovalSettingsTest {
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir Path temp;

  private static Principal lead(String id) {
    return new Principal(ACME, id, PrincipalKind.HUMAN, Set.of(), Set.of("finance-leads"));
  }

  private static VoteResult vote(GatewayFixture gateway, String id, Principal person) {
    VoteResult result =
        gateway.approvalStore.vote(
            ACME,
            id,
            new Ballot(person, person.id(), Verdict.APPROVE, Optional.empty()),
            gateway.clock.instant());
    if (result instanceof VoteResult.Recorded recorded && recorded.decidedNow()) {
      StoredApproval approval = gateway.approvalStore.find(ACME, id).orElseThrow();
      gateway.server.approvals().decided(approval, approval.votes().getLast(), recorded.status());
    }
    return result;
  }

  @Test
  void waitsForTheQuorumKeepsTheOwnerOutAndExpiresAtTheTenantsTimeout() throws Exception {
    try (GatewayFixture gateway =
        new GatewayFixture(
            temp,
            config -> {
              ExampleDeployments.edit(
                  config,
                  "tenants/acme/tenant.yaml",
                  "  finance-approvers:\n",
                  "  finance-approvers:\n    quorum: 2\n");
              ExampleDeployments.edit(
                  config, "tenants/acme/tenant.yaml", "  timeout: 15m\n", "  timeout: 40m\n");
            },
            log -> log,
            history -> history)) {
      GatewayFixture.Response held =
          gateway.action("finance-bot", "payments.pay_supplier", GatewayFixture.payment(9000));
      assertThat(held.status()).isEqualTo(202);
      String id = (String) held.map().get("action_id");
      assertThat(held.map())
          .containsEntry(
              "expires_at", GatewayFixture.START.plus(Duration.ofMinutes(40)).toString());

      // frank owns finance-bot, and the group has separation_of_duties.
      assertThat(vote(gateway, id, lead("frank@acme.example")))
          .isEqualTo(new VoteResult.Refused(Eligibility.IneligibleReason.AGENT_OWNER));
      assertThat(vote(gateway, id, lead("fiona@acme.example")))
          .isInstanceOfSatisfying(
              VoteResult.Recorded.class, r -> assertThat(r.decidedNow()).isFalse());
      assertThat(
              gateway.get("/v1/actions/" + id + "?wait=0", gateway.token("finance-bot")).status())
          .isEqualTo(202);
      assertThat(gateway.upstream.received()).isEmpty();

      assertThat(vote(gateway, id, lead("george@acme.example")))
          .isInstanceOfSatisfying(
              VoteResult.Recorded.class, r -> assertThat(r.decidedNow()).isTrue());
      GatewayFixture.Response done =
          gateway.get("/v1/actions/" + id + "?wait=10", gateway.token("finance-bot"));
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.map()).containsEntry("status", "executed");
      assertThat(gateway.upstream.received()).hasSize(1);
    }
  }
}
