package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An approval as stored: the request, the votes in the order they were recorded, and whether its
 * grant has been handed to the executor (at most once).
 */
public record StoredApproval(ApprovalRequest request, List<Vote> votes, boolean dispatched) {
  public StoredApproval {
    requireNonNull(request, "request is null");
    votes = List.copyOf(votes);
  }
}
