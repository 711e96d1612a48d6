package dev.sallyport.approval;

import dev.sallyport.approval.Eligibility.IneligibleReason;

/** What happened to a vote the store was asked to record. */
public sealed interface VoteResult {
  /**
   * Recorded. {@code status} is the approval's status after it; {@code decidedNow} is true for the
   * one vote that made it final, so that exactly one caller acts on the outcome.
   */
  record Recorded(ApprovalStatus status, boolean decidedNow) implements VoteResult {}

  /** Not recorded because the person may not vote; nothing changed. */
  record Refused(IneligibleReason reason) implements VoteResult {}

  /** Not recorded because the approval had already ended (or had expired); nothing changed. */
  record AlreadyFinal(ApprovalStatus status) implements VoteResult {}

  /** There is no such approval in this tenant (or it is another tenant's). */
  record NotFound() implements VoteResult {}
}
