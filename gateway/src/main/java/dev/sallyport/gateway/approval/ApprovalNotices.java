package dev.sallyport.gateway.approval;

import dev.sallyport.approval.ApprovalRequest;

/**
 * Tells approvers that a call waits for them. Called by the gate once the approval is stored and
 * recorded; implementations MUST return at once (delivery runs elsewhere) and MUST NOT throw: a
 * notice that cannot go out is recorded, and the call still waits.
 */
@FunctionalInterface
public interface ApprovalNotices {
  /** Nobody is told: approvers find held calls under {@code /approvals/}. */
  ApprovalNotices NONE = request -> {};

  void requested(ApprovalRequest request);
}
