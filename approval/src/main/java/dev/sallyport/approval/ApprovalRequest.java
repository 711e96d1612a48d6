package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.model.ToolCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A call that waits for people, bound to exactly that call: approving it approves these arguments
 * (by digest) under this policy version for this principal, and nothing else. The call itself is
 * held, so that it can run after a restart; approvers see only {@code shownArguments}.
 *
 * @param id the approval's id; the gateway uses the action id, one approval per action
 * @param call the held call: principal, tool, exact arguments, session, time
 * @param agentOwner the person who owns the agent, when configured (separation of duties)
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
    ToolCall call,
    Optional<String> agentOwner,
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
    requireNonNull(call, "call is null");
    requireNonNull(agentOwner, "agentOwner is null");
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

  public TenantId tenant() {
    return call.tenant();
  }

  public String actionId() {
    return call.actionId();
  }

  /** The principal that made the call (an agent, or a person calling the API directly). */
  public String agentId() {
    return call.principal().id();
  }

  public String tool() {
    return call.toolName();
  }

  /** SHA-256 of the canonical arguments of the held call. */
  public String argumentsDigest() {
    return call.argumentsDigest();
  }
}
