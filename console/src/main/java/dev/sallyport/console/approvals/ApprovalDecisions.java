package dev.sallyport.console.approvals;

import dev.sallyport.approval.ApprovalStatus;
import dev.sallyport.approval.StoredApproval;
import dev.sallyport.approval.Vote;
import dev.sallyport.model.TenantId;

/**
 * What happens after a vote: the gateway records it in the ledger, and when a vote decides the
 * approval, signs the outcome, resumes the waiting call (on approval) or denies it. Called on the
 * request thread, after the store has committed the vote.
 */
public interface ApprovalDecisions {
  /** {@code vote} was recorded on {@code approval}; the approval is still pending. */
  void voted(StoredApproval approval, Vote vote);

  /** {@code vote} decided {@code approval}: exactly one call per approval ever gets here. */
  void decided(StoredApproval approval, Vote vote, ApprovalStatus outcome);

  /** Someone tried and was refused (for the ledger: who, and why). */
  void refused(TenantId tenant, String approvalId, String personId, String reason);
}
