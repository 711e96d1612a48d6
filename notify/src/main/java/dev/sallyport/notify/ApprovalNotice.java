package dev.sallyport.notify;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * What an approver is told: which call waits, why it stopped, until when, and the one-time link
 * that opens the approval page.
 *
 * @param deliveryId unique per notice and recipient, so receivers can drop duplicates of a retry
 * @param tenant the approval's tenant
 * @param approvalId the approval
 * @param agentId the agent whose call waits
 * @param tool the tool it wants to call
 * @param reason why it stopped (the rule's reason)
 * @param shownArguments the arguments, already redacted for approvers
 * @param expiresAt when the call will be denied if nobody decides
 * @param recipient the approver this notice is for (e-mail address for e-mail)
 * @param link the one-time approval link for this recipient
 */
public record ApprovalNotice(
    String deliveryId,
    TenantId tenant,
    String approvalId,
    String agentId,
    String tool,
    String reason,
    Map<String, Object> shownArguments,
    Instant expiresAt,
    String recipient,
    URI link) {
  public ApprovalNotice {
    requireNonNull(deliveryId, "deliveryId is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(approvalId, "approvalId is null");
    requireNonNull(agentId, "agentId is null");
    requireNonNull(tool, "tool is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(recipient, "recipient is null");
    requireNonNull(link, "link is null");
    shownArguments = Map.copyOf(shownArguments);
  }
}
