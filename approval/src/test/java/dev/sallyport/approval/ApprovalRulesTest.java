package dev.sallyport.approval;

import static dev.sallyport.approval.ApprovalFixtures.GLOBEX;
import static dev.sallyport.approval.ApprovalFixtures.NOW;
import static dev.sallyport.approval.ApprovalFixtures.agent;
import static dev.sallyport.approval.ApprovalFixtures.person;
import static dev.sallyport.approval.ApprovalFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.approval.Eligibility.Eligible;
import dev.sallyport.approval.Eligibility.Ineligible;
import dev.sallyport.approval.Eligibility.IneligibleReason;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalRulesTest {
  private final ApprovalRequest request = request("a1");

  @Test
  void aMemberOfTheApproverGroupMayApprove() {
    assertThat(ApprovalRules.eligibility(request, person("fiona", "finance-leads"), List.of()))
        .isEqualTo(new Eligible(List.of("finance-approvers")));
  }

  @Test
  void aNamedUserMayApproveWithoutTheGroup() {
    ApprovalRequest named =
        request("a2", new ApproverRule("cfo", Set.of(), Set.of("cfo@acme.example"), 1, false));

    assertThat(ApprovalRules.eligibility(named, person("cfo@acme.example"), List.of()))
        .isInstanceOf(Eligible.class);
  }

  @Test
  void agentsNeverApproveEvenInTheGroup() {
    assertThat(ApprovalRules.eligibility(request, agent("helper-bot", "finance-leads"), List.of()))
        .isEqualTo(new Ineligible(IneligibleReason.AGENT));
  }

  @Test
  void theRequesterCannotApproveItsOwnCall() {
    assertThat(
            ApprovalRules.eligibility(request, person("finance-bot", "finance-leads"), List.of()))
        .isEqualTo(new Ineligible(IneligibleReason.REQUESTER));
  }

  @Test
  void theAgentOwnerCannotApproveUnderSeparationOfDuties() {
    assertThat(
            ApprovalRules.eligibility(
                request, person("frank@acme.example", "finance-leads"), List.of()))
        .isEqualTo(new Ineligible(IneligibleReason.AGENT_OWNER));

    ApprovalRequest relaxed =
        request("a3", new ApproverRule("leads", Set.of("finance-leads"), Set.of(), 1, false));
    assertThat(
            ApprovalRules.eligibility(
                relaxed, person("frank@acme.example", "finance-leads"), List.of()))
        .isInstanceOf(Eligible.class);
  }

  @Test
  void someoneOutsideTheGroupsIsRefused() {
    assertThat(ApprovalRules.eligibility(request, person("ivan", "it-admins"), List.of()))
        .isEqualTo(new Ineligible(IneligibleReason.NOT_AN_APPROVER));
  }

  @Test
  void aPersonOfAnotherTenantSeesNothing() {
    assertThat(
            ApprovalRules.eligibility(request, person(GLOBEX, "fiona", "finance-leads"), List.of()))
        .isEqualTo(new Ineligible(IneligibleReason.NOT_FOUND));
  }

  @Test
  void nobodyVotesTwice() {
    Vote earlier = ApprovalFixtures.approve(person("fiona", "finance-leads")).toVote(NOW);

    assertThat(
            ApprovalRules.eligibility(request, person("fiona", "finance-leads"), List.of(earlier)))
        .isEqualTo(new Ineligible(IneligibleReason.ALREADY_VOTED));
  }

  @Test
  void oneApprovalMeetsAQuorumOfOne() {
    Vote vote = ApprovalFixtures.approve(person("fiona", "finance-leads")).toVote(NOW);

    assertThat(ApprovalRules.tally(request, List.of(vote), NOW))
        .isEqualTo(new ApprovalStatus.Approved(List.of(vote)));
  }

  @Test
  void aQuorumCountsDistinctPeopleOfEachGroup() {
    ApproverRule twoLeads = new ApproverRule("leads", Set.of("finance-leads"), Set.of(), 2, false);
    ApproverRule security = new ApproverRule("security", Set.of("secops"), Set.of(), 1, false);
    ApprovalRequest both = request("a4", twoLeads, security);
    Vote fiona = ApprovalFixtures.approve(person("fiona", "finance-leads")).toVote(NOW);
    Vote george = ApprovalFixtures.approve(person("george", "finance-leads")).toVote(NOW);
    Vote sam = ApprovalFixtures.approve(person("sam", "secops")).toVote(NOW);

    assertThat(ApprovalRules.tally(both, List.of(fiona), NOW))
        .isInstanceOf(ApprovalStatus.Pending.class);
    assertThat(ApprovalRules.tally(both, List.of(fiona, george), NOW))
        .isInstanceOf(ApprovalStatus.Pending.class);
    assertThat(ApprovalRules.tally(both, List.of(fiona, george, sam), NOW))
        .isInstanceOf(ApprovalStatus.Approved.class);
  }

  @Test
  void oneRejectionEndsIt() {
    Vote fiona = ApprovalFixtures.approve(person("fiona", "finance-leads")).toVote(NOW);
    Vote george =
        ApprovalFixtures.reject(person("george", "finance-leads"), "wrong IBAN").toVote(NOW);
    ApprovalRequest quorumTwo =
        request("a5", new ApproverRule("leads", Set.of("finance-leads"), Set.of(), 2, false));

    assertThat(ApprovalRules.tally(quorumTwo, List.of(fiona, george), NOW))
        .isEqualTo(new ApprovalStatus.Rejected(george));
  }

  @Test
  void undecidedAtExpiryIsExpired() {
    assertThat(ApprovalRules.tally(request, List.of(), request.expiresAt()))
        .isEqualTo(new ApprovalStatus.Expired(request.expiresAt()));
    assertThat(ApprovalRules.tally(request, List.of(), request.expiresAt().minusMillis(1)))
        .isEqualTo(new ApprovalStatus.Pending(List.of()));
  }

  @Test
  void aRequestWithoutApproversOrWithAReasonTooLongIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ApproverRule("empty", Set.of(), Set.of(), 1, false))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            new Vote(
                "fiona",
                "Fiona",
                Set.of(),
                Verdict.REJECT,
                Optional.of("x".repeat(Vote.MAX_REASON_LENGTH + 1)),
                NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
