package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An approval as stored: the request, the votes in the order they were recorded, and whether its
 * outcome has been settled — the approved call handed to the executor, or the denial recorded —
 * which happens at most once.
 */
public record StoredApproval(ApprovalRequest request, List<Vote> votes, boolean settled) {
  public StoredApproval {
    requireNonNull(request, "request is null");
    votes = List.copyOf(votes);
  }
}
