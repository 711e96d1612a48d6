package dev.sallyport.approval;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Approvals in memory, for tests and for tools that need no restart safety. One lock serialises
 * every change, which is what makes the vote race tests meaningful for this implementation too.
 */
public final class InMemoryApprovalStore implements ApprovalStore {
  private record Key(TenantId tenant, String id) {}

  private final Map<Key, StoredApproval> approvals = new HashMap<>();
  private final Set<Key> links = new HashSet<>();

  @Override
  public synchronized void create(ApprovalRequest request) {
    Key key = new Key(request.tenant(), request.id());
    if (approvals.containsKey(key)) {
      throw new IllegalStateException("approval exists already");
    }
    approvals.put(key, new StoredApproval(request, List.of(), false));
  }

  @Override
  public synchronized Optional<StoredApproval> find(TenantId tenant, String approvalId) {
    return Optional.ofNullable(approvals.get(new Key(tenant, approvalId)));
  }

  @Override
  public synchronized List<StoredApproval> pending(TenantId tenant, Instant now) {
    return approvals.values().stream()
        .filter(a -> a.request().tenant().equals(tenant))
        .filter(
            a -> ApprovalRules.tally(a.request(), a.votes(), now) instanceof ApprovalStatus.Pending)
        .sorted(
            Comparator.comparing((StoredApproval a) -> a.request().createdAt())
                .thenComparing(a -> a.request().id()))
        .toList();
  }

  @Override
  public synchronized VoteResult vote(
      TenantId tenant, String approvalId, Ballot ballot, Instant now) {
    Key key = new Key(tenant, approvalId);
    StoredApproval stored = approvals.get(key);
    if (stored == null) {
      return new VoteResult.NotFound();
    }
    ApprovalStatus before = ApprovalRules.tally(stored.request(), stored.votes(), now);
    if (before.isFinal()) {
      return new VoteResult.AlreadyFinal(before);
    }
    if (ApprovalRules.eligibility(stored.request(), ballot.person(), stored.votes())
        instanceof Eligibility.Ineligible(Eligibility.IneligibleReason reason)) {
      return new VoteResult.Refused(reason);
    }
    List<Vote> votes = new ArrayList<>(stored.votes());
    votes.add(ballot.toVote(now));
    approvals.put(key, new StoredApproval(stored.request(), votes, stored.settled()));
    ApprovalStatus after = ApprovalRules.tally(stored.request(), votes, now);
    return new VoteResult.Recorded(after, after.isFinal());
  }

  @Override
  public synchronized List<StoredApproval> unsettled(TenantId tenant, Instant now) {
    return approvals.values().stream()
        .filter(a -> a.request().tenant().equals(tenant) && !a.settled())
        .filter(a -> ApprovalRules.tally(a.request(), a.votes(), now).isFinal())
        .sorted(
            Comparator.comparing((StoredApproval a) -> a.request().createdAt())
                .thenComparing(a -> a.request().id()))
        .toList();
  }

  @Override
  public synchronized boolean claimSettlement(TenantId tenant, String approvalId) {
    Key key = new Key(tenant, approvalId);
    StoredApproval stored = approvals.get(key);
    if (stored == null || stored.settled()) {
      return false;
    }
    approvals.put(key, new StoredApproval(stored.request(), stored.votes(), true));
    return true;
  }

  @Override
  public synchronized boolean consumeLink(TenantId tenant, String nonce, Instant expiresAt) {
    return links.add(new Key(tenant, nonce));
  }
}
