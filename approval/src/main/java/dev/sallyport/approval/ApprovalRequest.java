package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A call that waits for people, bound to exactly that call: approving it approves these arguments
 * (by digest) under this policy version for this agent, and nothing else.
 *
 * @param id the approval's id (time-ordered)
 * @param tenant the tenant the call belongs to
 * @param actionId the action that waits
 * @param agentId the principal that made the call
 * @param agentOwner the person who owns the agent, when configured (separation of duties)
 * @param tool the tool the call names
 * @param argumentsDigest SHA-256 of the canonical arguments
 * @param shownArguments the arguments as approvers see them, already redacted
 * @param policyVersion the policy that asked for approval
 * @param ruleIds the rules that asked for it
 * @param reason why it stopped, for people
 * @param approvers the approver groups that must each reach their quorum
 * @param createdAt when the call was stopped
 * @param expiresAt after this instant the action is denied
 * @param nonce a random value that makes this request's grant single-use
 */
public record ApprovalRequest(
    String id,
    TenantId tenant,
    String actionId,
    String agentId,
    Optional<String> agentOwner,
    String tool,
    String argumentsDigest,
    Map<String, Object> shownArguments,
    String policyVersion,
    List<String> ruleIds,
    String reason,
    List<ApproverRule> approvers,
    Instant createdAt,
    Instant expiresAt,
    String nonce) {
  public ApprovalRequest {
    requireNonNull(id, "id is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(actionId, "actionId is null");
    requireNonNull(agentId, "agentId is null");
    requireNonNull(agentOwner, "agentOwner is null");
    requireNonNull(tool, "tool is null");
    requireNonNull(argumentsDigest, "argumentsDigest is null");
    requireNonNull(policyVersion, "policyVersion is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(nonce, "nonce is null");
    shownArguments = Map.copyOf(shownArguments);
    ruleIds = List.copyOf(ruleIds);
    approvers = List.copyOf(approvers);
    if (approvers.isEmpty()) {
      // Nobody could ever approve: the call would wait until it expires. Refuse to build it.
      throw new IllegalArgumentException("an approval needs at least one approver group");
    }
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("an approval must expire after it is created");
    }
  }
}
