package dev.sallyport.approval;

import java.time.Instant;
import java.util.List;

/** Where an approval stands. Exactly one of approved, rejected or expired ends it. */
public sealed interface ApprovalStatus {
  /** The lower-case name used in records and the API. */
  String wireName();

  /** Whether nothing can change it any more. */
  default boolean isFinal() {
    return !(this instanceof Pending);
  }

  /** Waiting; {@code votes} are the approvals so far (a rejection would have ended it). */
  record Pending(List<Vote> votes) implements ApprovalStatus {
    public Pending {
      votes = List.copyOf(votes);
    }

    @Override
    public String wireName() {
      return "pending";
    }
  }

  /** Every approver group reached its quorum; {@code votes} are the approvals that counted. */
  record Approved(List<Vote> votes) implements ApprovalStatus {
    public Approved {
      votes = List.copyOf(votes);
    }

    @Override
    public String wireName() {
      return "approved";
    }
  }

  /** Someone allowed to approve rejected it. */
  record Rejected(Vote by) implements ApprovalStatus {
    @Override
    public String wireName() {
      return "rejected";
    }
  }

  /** Nobody decided in time: the action is denied. */
  record Expired(Instant at) implements ApprovalStatus {
    @Override
    public String wireName() {
      return "expired";
    }
  }
}
