package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.time.Instant;

/**
 * What a one-time approval link carries: which approval, for whom it was sent, until when, and a
 * nonce that the store consumes on first use.
 *
 * @param tenant the approval's tenant
 * @param approvalId the approval it opens
 * @param sentTo the approver (user id or e-mail) the link was sent to, for the record: whoever
 *     opens it must still sign in and be allowed to approve
 * @param expiresAt the link is refused from this instant
 * @param nonce single-use: a second use is refused
 */
public record ApprovalLink(
    TenantId tenant, String approvalId, String sentTo, Instant expiresAt, String nonce) {
  public ApprovalLink {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(approvalId, "approvalId is null");
    requireNonNull(sentTo, "sentTo is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(nonce, "nonce is null");
  }
}
