package dev.sallyport.approval;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where approvals live, so that they survive a restart and so that concurrent votes end in exactly
 * one outcome. Every method takes the tenant: an approval of another tenant is not found. Errors
 * are thrown, never reported as a vote or a status.
 */
public interface ApprovalStore {
  /** Stores a new pending approval. */
  void create(ApprovalRequest request);

  /** The approval with this id in this tenant. */
  Optional<StoredApproval> find(TenantId tenant, String approvalId);

  /** The tenant's approvals that were pending at {@code now}, oldest first. */
  List<StoredApproval> pending(TenantId tenant, Instant now);

  /**
   * Records the ballot's verdict atomically: reads the approval and its votes, checks {@link
   * ApprovalRules#eligibility} and that the approval is still pending at {@code now}, appends the
   * vote and tallies. Concurrent calls are serialised, so that exactly one of them sees {@link
   * VoteResult.Recorded#decidedNow()}.
   */
  VoteResult vote(TenantId tenant, String approvalId, Ballot ballot, Instant now);

  /**
   * The tenant's approvals whose outcome is final at {@code now} (approved, rejected or expired)
   * but not yet settled: what a sweeper must finish, also after a restart.
   */
  List<StoredApproval> unsettled(TenantId tenant, Instant now);

  /**
   * Claims the one-time settlement of a final approval: dispatching the approved call, or recording
   * the denial. Returns true for the first call only: a caller that gets false must do neither.
   */
  boolean claimSettlement(TenantId tenant, String approvalId);

  /**
   * Consumes a link nonce. Returns true the first time, false for every later use. Nonces are kept
   * at least until {@code expiresAt}, after which the link is refused as expired anyway.
   */
  boolean consumeLink(TenantId tenant, String nonce, Instant expiresAt);
}
