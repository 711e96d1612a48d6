package dev.sallyport.gateway.approval;

import static java.util.Objects.requireNonNull;

import dev.sallyport.approval.ApprovalRequest;
import dev.sallyport.approval.ApprovalRules;
import dev.sallyport.approval.ApprovalStatus;
import dev.sallyport.approval.ApprovalStore;
import dev.sallyport.approval.ApproverRule;
import dev.sallyport.approval.DecisionSigner;
import dev.sallyport.approval.SignedDecision;
import dev.sallyport.approval.StoredApproval;
import dev.sallyport.approval.Vote;
import dev.sallyport.config.ApproverGroup;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.console.approvals.ApprovalDecisions;
import dev.sallyport.gateway.ActionOutcome;
import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.model.Decision;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.ToolCall;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Holds calls that policy stopped for people and settles each exactly once.
 *
 * <p>{@link #hold} stores the approval (the exact call, its digest, policy version, approver
 * groups, expiry) and records {@code approval.requested}; the caller gets {@code 202} and the
 * approval's id, which is the action id. When a vote ends the approval ({@link
 * ApprovalDecisions#decided}) or the sweeper finds it final ({@link #sweep}: expired ones, and any
 * a crash left unsettled), {@link #settle} claims the settlement in the store — only one caller
 * ever wins it — records the signed outcome, and for an approval runs the held call through {@link
 * ApprovedCalls}: a fresh grant for exactly that call, dispatched once. A rejection or expiry is a
 * denial. Waiting callers ({@link #await}) are woken with the outcome.
 *
 * <p>Fail closed: a request that cannot be stored or recorded is refused and nothing waits; an
 * error while settling leaves the approval claimed and undispatched (at most once), in the ledger
 * as the missing outcome.
 */
public final class ApprovalGate implements ApprovalDecisions {
  private record Key(TenantId tenant, String actionId) {}

  /**
   * What the gate is built from, beside the pipeline it resumes.
   *
   * @param store where approvals live; durable in production
   * @param signer signs outcome records with each tenant's key
   * @param notices tells approvers, once the approval is stored and recorded
   */
  public record Parts(
      Deployment deployment,
      ApprovalStore store,
      DecisionSigner signer,
      SecureRandom random,
      ApprovalNotices notices) {
    public Parts {
      requireNonNull(deployment, "deployment is null");
      requireNonNull(store, "store is null");
      requireNonNull(signer, "signer is null");
      requireNonNull(random, "random is null");
      requireNonNull(notices, "notices is null");
    }
  }

  private final Deployment deployment;
  private final ApprovalStore store;
  private final DecisionSigner signer;
  private final AuditRecorder audit;
  private final ApprovedCalls approved;
  private final Clock clock;
  private final SecureRandom random;
  private final ApprovalNotices notices;
  private final ApproverView view = new ApproverView();
  private final Map<Key, CompletableFuture<ActionOutcome>> outcomes = new ConcurrentHashMap<>();

  public ApprovalGate(Parts parts, AuditRecorder audit, ApprovedCalls approved, Clock clock) {
    this.deployment = parts.deployment();
    this.store = parts.store();
    this.signer = parts.signer();
    this.random = parts.random();
    this.notices = parts.notices();
    this.audit = requireNonNull(audit, "audit is null");
    this.approved = requireNonNull(approved, "approved is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Holds {@code call}, which policy decided needs approval. */
  public ActionOutcome hold(ToolCall call, Decision.RequireApproval decision, String version) {
    Optional<TenantConfig> tenant = deployment.tenant(call.tenant());
    List<ApproverRule> approvers = new ArrayList<>();
    for (String group : decision.approverGroups()) {
      ApproverGroup configured = tenant.map(t -> t.approverGroups().get(group)).orElse(null);
      if (configured != null) {
        approvers.add(
            new ApproverRule(
                configured.name(),
                Set.copyOf(configured.groups()),
                Set.copyOf(configured.users()),
                configured.quorum(),
                configured.separationOfDuties()));
      }
    }
    if (approvers.isEmpty()) {
      // Nobody could ever approve it: a denial now, not a wait until expiry.
      return new ActionOutcome.Refused(call.actionId(), decision, version);
    }
    Instant now = clock.instant();
    ApprovalRequest request =
        new ApprovalRequest(
            call.actionId(),
            call,
            tenant
                .flatMap(t -> Optional.ofNullable(t.agents().get(call.principal().id())))
                .map(agent -> agent.owner()),
            view.of(call.arguments()),
            version,
            decision.ruleIds(),
            decision.detail(),
            approvers,
            now,
            now.plus(tenant.orElseThrow().approvals().timeout()),
            nonce());
    try {
      store.create(request);
      audit.approvalRequested(
          call,
          decision.ruleIds(),
          approvers.stream().map(ApproverRule::name).toList(),
          request.expiresAt());
    } catch (AuditUnavailableException e) {
      return new ActionOutcome.Failed(
          call.actionId(), ErrorCode.AUDIT_UNAVAILABLE, "the approval could not be recorded");
    } catch (RuntimeException e) {
      return new ActionOutcome.Failed(
          call.actionId(), ErrorCode.INTERNAL, "the approval could not be stored; nothing waits");
    }
    outcomes.putIfAbsent(new Key(call.tenant(), call.actionId()), new CompletableFuture<>());
    // After the approval is durable and recorded, so that every link opens something real.
    notices.requested(request);
    return new ActionOutcome.Pending(
        call.actionId(), decision, version, request.id(), request.expiresAt());
  }

  /**
   * Where the action {@code actionId} of {@code principal}'s tenant stands, waiting up to {@code
   * wait} for it to be settled. Empty when there is no such held action for this principal: the
   * same answer for another principal's or another tenant's action as for none.
   */
  public Optional<ActionOutcome> await(Principal principal, String actionId, Duration wait) {
    Optional<StoredApproval> found = store.find(principal.tenant(), actionId);
    if (found.isEmpty() || !found.get().request().agentId().equals(principal.id())) {
      return Optional.empty();
    }
    Key key = new Key(principal.tenant(), actionId);
    CompletableFuture<ActionOutcome> outcome =
        outcomes.computeIfAbsent(key, k -> new CompletableFuture<>());
    StoredApproval approval = found.get();
    if (!outcome.isDone()) {
      ApprovalStatus status =
          ApprovalRules.tally(approval.request(), approval.votes(), clock.instant());
      if (status.isFinal() && !approval.settled()) {
        settle(approval);
      }
    }
    try {
      return Optional.of(outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.of(
          pendingOrSettled(store.find(principal.tenant(), actionId).orElse(approval)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(pendingOrSettled(approval));
    } catch (ExecutionException e) {
      return Optional.of(
          new ActionOutcome.Failed(actionId, ErrorCode.INTERNAL, "the approval could not settle"));
    }
  }

  /** What to tell a caller when the outcome is not (or no longer) in memory. */
  private ActionOutcome pendingOrSettled(StoredApproval approval) {
    ApprovalRequest r = approval.request();
    ApprovalStatus status = ApprovalRules.tally(r, approval.votes(), clock.instant());
    Decision.RequireApproval held =
        new Decision.RequireApproval(r.ruleIds(), "approval_required", r.reason(), List.of());
    if (status instanceof ApprovalStatus.Pending || !approval.settled()) {
      return new ActionOutcome.Pending(
          r.actionId(), held, r.policyVersion(), r.id(), r.expiresAt());
    }
    if (status instanceof ApprovalStatus.Approved) {
      // Settled before a restart: the result is in the ledger, not in this process.
      return new ActionOutcome.Failed(
          r.actionId(),
          ErrorCode.NOT_FOUND,
          "approved and dispatched; the result is in the ledger (action.result)");
    }
    return new ActionOutcome.Refused(r.actionId(), denial(r, status), r.policyVersion());
  }

  /** Settles every final, unsettled approval of every tenant: expiries, and what a crash left. */
  public void sweep() {
    Instant now = clock.instant();
    for (TenantId tenant : deployment.tenants().keySet()) {
      for (StoredApproval approval : store.unsettled(tenant, now)) {
        settle(approval);
      }
    }
  }

  /** Settles one approval if it is final and this caller wins the claim. */
  void settle(StoredApproval approval) {
    ApprovalRequest r = approval.request();
    Instant now = clock.instant();
    ApprovalStatus status = ApprovalRules.tally(r, approval.votes(), now);
    if (!status.isFinal() || !store.claimSettlement(r.tenant(), r.id())) {
      return;
    }
    CompletableFuture<ActionOutcome> waiting =
        outcomes.computeIfAbsent(new Key(r.tenant(), r.actionId()), k -> new CompletableFuture<>());
    ActionOutcome outcome;
    try {
      SignedDecision record = signer.sign(r, status, now);
      audit.approvalSettled(
          r.call(), status.wireName(), actors(status), record.canonicalJson(), record.signature());
      outcome =
          status instanceof ApprovalStatus.Approved
              ? approved.run(r.call(), r.policyVersion(), r.id())
              : new ActionOutcome.Refused(r.actionId(), denial(r, status), r.policyVersion());
    } catch (RuntimeException e) {
      // Claimed, so never dispatched by anyone else: at most once, and the missing outcome shows.
      outcome =
          new ActionOutcome.Failed(
              r.actionId(),
              ErrorCode.AUDIT_UNAVAILABLE,
              "the approval's outcome could not be recorded; nothing was sent");
    }
    waiting.complete(outcome);
  }

  private static Decision denial(ApprovalRequest r, ApprovalStatus status) {
    return new Decision.Deny(
        List.of("approval." + status.wireName()),
        "approval_" + status.wireName(),
        "the approval was " + status.wireName());
  }

  private static String actors(ApprovalStatus status) {
    return switch (status) {
      case ApprovalStatus.Approved a ->
          a.votes().stream().map(Vote::approverId).collect(Collectors.joining(","));
      case ApprovalStatus.Rejected r -> r.by().approverId();
      case ApprovalStatus.Expired e -> "system";
      case ApprovalStatus.Pending p -> "system";
    };
  }

  private String nonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void voted(StoredApproval approval, Vote vote) {
    audit.approvalVoted(approval.request().call(), vote.approverId(), vote.verdict().wireName());
  }

  @Override
  public void decided(StoredApproval approval, Vote vote, ApprovalStatus outcome) {
    // The signed record of the outcome names every vote that counted.
    settle(approval);
  }

  @Override
  public void refused(TenantId tenant, String approvalId, String personId, String reason) {
    store
        .find(tenant, approvalId)
        .ifPresent(a -> audit.approvalRefused(a.request().call(), personId, reason));
  }
}
