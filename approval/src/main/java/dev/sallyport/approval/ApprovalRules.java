package dev.sallyport.approval;

import dev.sallyport.approval.Eligibility.Eligible;
import dev.sallyport.approval.Eligibility.Ineligible;
import dev.sallyport.approval.Eligibility.IneligibleReason;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may decide an approval, and what the votes add up to. Pure functions of the request, the
 * person and the votes, so that every store and every replica agrees.
 */
public final class ApprovalRules {
  private ApprovalRules() {}

  /**
   * Whether {@code person} may vote on {@code request}, given the votes already cast. The checks
   * run from the broadest to the narrowest, and the first that fails names the reason.
   */
  public static Eligibility eligibility(
      ApprovalRequest request, Principal person, List<Vote> votes) {
    if (!person.tenant().equals(request.tenant())) {
      return new Ineligible(IneligibleReason.NOT_FOUND);
    }
    if (person.kind() != PrincipalKind.HUMAN) {
      return new Ineligible(IneligibleReason.AGENT);
    }
    if (person.id().equals(request.agentId())) {
      return new Ineligible(IneligibleReason.REQUESTER);
    }
    boolean separation = request.approvers().stream().anyMatch(ApproverRule::separationOfDuties);
    if (separation && request.agentOwner().filter(person.id()::equals).isPresent()) {
      return new Ineligible(IneligibleReason.AGENT_OWNER);
    }
    List<String> groups = new ArrayList<>();
    for (ApproverRule rule : request.approvers()) {
      if (rule.includes(person.id(), person.groups())) {
        groups.add(rule.name());
      }
    }
    if (groups.isEmpty()) {
      return new Ineligible(IneligibleReason.NOT_AN_APPROVER);
    }
    for (Vote vote : votes) {
      if (vote.approverId().equals(person.id())) {
        return new Ineligible(IneligibleReason.ALREADY_VOTED);
      }
    }
    return new Eligible(groups);
  }

  /**
   * What the votes, all cast before expiry by eligible people, add up to at {@code now}. A
   * rejection ends it at once; approval needs every approver group to reach its quorum of distinct
   * people; otherwise it is pending until it expires.
   */
  public static ApprovalStatus tally(ApprovalRequest request, List<Vote> votes, Instant now) {
    for (Vote vote : votes) {
      if (vote.verdict() == Verdict.REJECT) {
        return new ApprovalStatus.Rejected(vote);
      }
    }
    boolean everyQuorum = true;
    for (ApproverRule rule : request.approvers()) {
      Set<String> people = new HashSet<>();
      for (Vote vote : votes) {
        if (rule.includes(vote.approverId(), vote.approverGroups())) {
          people.add(vote.approverId());
        }
      }
      everyQuorum &= people.size() >= rule.quorum();
    }
    if (everyQuorum) {
      return new ApprovalStatus.Approved(votes);
    }
    if (!now.isBefore(request.expiresAt())) {
      return new ApprovalStatus.Expired(request.expiresAt());
    }
    return new ApprovalStatus.Pending(votes);
  }
}
