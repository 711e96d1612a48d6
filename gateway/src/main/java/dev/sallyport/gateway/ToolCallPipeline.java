package dev.sallyport.gateway;

import dev.sallyport.executor.ActionExecutor;
import dev.sallyport.executor.ExecutionOutcome;
import dev.sallyport.executor.ExecutionRequest;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.connector.UnmappableCallException;
import dev.sallyport.gateway.approval.ApprovalGate;
import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.gateway.guard.ResultGuard;
import dev.sallyport.gateway.guard.SessionTasks;
import dev.sallyport.grant.ExpectedCall;
import dev.sallyport.grant.GrantSigner;
import dev.sallyport.grant.Recipient;
import dev.sallyport.grant.SignedGrant;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.model.Decision;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.model.ToolCall;
import dev.sallyport.policy.PolicyEngine;
import dev.sallyport.policy.SessionHistory;
import java.time.Clock;
import java.util.List;

/**
 * The path of one action, top to bottom: identity has already run (the principal comes from a
 * validated token); then policy decides; the decision is made durable in the audit log; an allowed
 * call is recorded in the session, granted (a signed, single-use packet bound to exactly this call,
 * recorded as {@code grant.issued}) and handed to the executor, which verifies the grant against
 * the request it is about to send, records {@code action.dispatching}, sends, and records {@code
 * action.result}; its result passes the {@link ResultGuard} (provenance, taint, screen) before the
 * agent sees it. A dry run goes to the executor without a grant, which records what it would have
 * sent and sends nothing.
 *
 * <p>Fail closed: an audit write or session write that fails stops the action before anything is
 * sent, and the caller is told so. An executor that cannot be reached is a refusal, never a retry.
 */
public final class ToolCallPipeline {
  private final PolicyEngine policy;
  private final AuditRecorder audit;
  private final SessionHistory history;
  private final ExecutorCatalog catalog;
  private final GrantSigner grants;
  private final ActionExecutor executor;
  private final Clock clock;
  private final TimeOrderedIds ids;
  private final DecisionMetrics metrics;
  private final ApprovalGate approvals;
  private final ResultGuard results;

  /**
   * @param catalog the tools' connectors, used here only to learn the recipient a grant binds
   *     (nothing is sent through it)
   * @param grants signs grants with the tenant's key
   * @param executor in this process or behind HTTP; it alone sends
   */
  public ToolCallPipeline(
      PolicyEngine policy,
      AuditRecorder audit,
      SessionHistory history,
      ExecutorCatalog catalog,
      GrantSigner grants,
      ActionExecutor executor,
      Clock clock,
      TimeOrderedIds ids,
      DecisionMetrics metrics,
      ApprovalGate.Parts approvalParts,
      ResultGuard results) {
    this.policy = policy;
    this.audit = audit;
    this.history = history;
    this.catalog = catalog;
    this.grants = grants;
    this.executor = executor;
    this.clock = clock;
    this.ids = ids;
    this.metrics = metrics;
    this.results = results;
    // The gate resumes approved calls through this pipeline; it calls back only after approval.
    this.approvals = new ApprovalGate(approvalParts, audit, this::runApproved, clock);
  }

  /** Where held calls wait, for the approval pages, the sweeper and {@code GET /v1/actions/ID}. */
  public ApprovalGate approvals() {
    return approvals;
  }

  /**
   * Runs a call that people approved. Policy decides it again first, so a kill switch or a forbid
   * added since still stops it; an approval never overrides a denial.
   */
  private ActionOutcome runApproved(ToolCall call, String version, String approvalId) {
    Decision now = policy.decideApproved(call);
    if (now instanceof Decision.DryRun dryRun) {
      // A dry-run agent stays one after approval: recorded, nothing sent.
      return dryRun(call, dryRun, version, call.principal());
    }
    if (now instanceof Decision.Deny deny) {
      try {
        audit.decision(call, deny);
      } catch (AuditUnavailableException e) {
        metrics.resultNotRecorded();
      }
      return new ActionOutcome.Refused(call.actionId(), deny, version);
    }
    Decision approved =
        new Decision.Allow(List.of("approval." + approvalId), "approved", "approved by people");
    return execute(call, approved, version, call.principal());
  }

  /** Decides a call and records the decision; for agents that execute the call themselves. */
  public ActionOutcome decide(Principal principal, ActionRequest request) {
    ToolCall call = call(principal, request);
    ActionOutcome outcome = decideAndRecord(call);
    if (outcome instanceof ActionOutcome.Decided decided
        && (decided.decision() instanceof Decision.Allow
            || decided.decision() instanceof Decision.DryRun)) {
      try {
        recordInSession(call);
        results.decidedOnly(call, decided.decision());
      } catch (RuntimeException e) {
        return new ActionOutcome.Failed(
            call.actionId(), ErrorCode.INTERNAL, "the session could not be updated");
      }
    }
    return outcome;
  }

  /** Decides a call and, when allowed, carries it out. */
  public ActionOutcome act(Principal principal, ActionRequest request) {
    ToolCall call = call(principal, request);
    ActionOutcome outcome = decideAndRecord(call);
    if (!(outcome instanceof ActionOutcome.Decided decided)) {
      return outcome;
    }
    String version = decided.policyVersion();
    return switch (decided.decision()) {
      case Decision.Deny d -> new ActionOutcome.Refused(call.actionId(), d, version);
      case Decision.RequireApproval r -> approvals.hold(call, r, version);
      case Decision.DryRun d -> dryRun(call, d, version, principal);
      case Decision.Allow a -> execute(call, a, version, principal);
    };
  }

  /**
   * Refuses a call before policy for a reason outside it (an upstream tool in quarantine): the
   * refusal is recorded as the call's decision, as a policy denial is.
   */
  public ActionOutcome refuse(Principal principal, ActionRequest request, Decision.Deny deny) {
    ToolCall call = call(principal, request);
    return switch (record(call, deny)) {
      case ActionOutcome.Decided d ->
          new ActionOutcome.Refused(call.actionId(), deny, d.policyVersion());
      case ActionOutcome failed -> failed;
    };
  }

  /** Policy, metrics and the durable decision event: the first steps of every call. */
  private ActionOutcome decideAndRecord(ToolCall call) {
    return record(call, policy.decide(call));
  }

  /** Counts and durably records {@code decision}; a decision that cannot be recorded fails. */
  private ActionOutcome record(ToolCall call, Decision decision) {
    String version = policy.policyVersion(call.tenant());
    metrics.decided(decision);
    try {
      audit.decision(call, decision);
    } catch (AuditUnavailableException e) {
      return new ActionOutcome.Failed(
          call.actionId(), ErrorCode.AUDIT_UNAVAILABLE, "the decision could not be recorded");
    }
    return new ActionOutcome.Decided(call.actionId(), decision, version);
  }

  private ActionOutcome dryRun(
      ToolCall call, Decision decision, String version, Principal principal) {
    try {
      recordInSession(call);
    } catch (RuntimeException e) {
      return new ActionOutcome.Failed(
          call.actionId(), ErrorCode.INTERNAL, "the session could not be updated");
    }
    return switch (executor.dryRun(request(call, principal, "").withoutGrant())) {
      case ExecutionOutcome.DryRun d ->
          new ActionOutcome.DryRun(call.actionId(), decision, version, d.wouldSend());
      case ExecutionOutcome.NotSent n ->
          new ActionOutcome.Failed(call.actionId(), n.code(), n.detail());
      case ExecutionOutcome.Unavailable u ->
          new ActionOutcome.Failed(call.actionId(), ErrorCode.EXECUTOR_UNAVAILABLE, u.detail());
      case ExecutionOutcome.Dispatched d -> unexpected(call);
      case ExecutionOutcome.Refused r -> unexpected(call);
    };
  }

  private ActionOutcome execute(
      ToolCall call, Decision decision, String version, Principal principal) {
    Recipient recipient;
    try {
      recipient = catalog.recipient(call.tenant(), call.toolName(), call.arguments());
    } catch (UnmappableCallException e) {
      return new ActionOutcome.Failed(call.actionId(), ErrorCode.INVALID_ARGUMENTS, e.getMessage());
    }
    SignedGrant grant;
    try {
      // The call counts against session limits before it is sent, so a crash cannot undercount.
      recordInSession(call);
      grant = grants.sign(ExpectedCall.of(call, recipient), version);
      audit.grantIssued(call, grant.grant());
    } catch (AuditUnavailableException e) {
      return new ActionOutcome.Failed(
          call.actionId(),
          ErrorCode.AUDIT_UNAVAILABLE,
          "the grant could not be recorded; nothing was sent");
    } catch (RuntimeException e) {
      return new ActionOutcome.Failed(
          call.actionId(),
          ErrorCode.INTERNAL,
          "the session could not be updated or the grant signed; nothing was sent");
    }
    return switch (executor.execute(request(call, principal, grant.packet()))) {
      case ExecutionOutcome.Dispatched d ->
          new ActionOutcome.Executed(
              call.actionId(), decision, version, results.guard(call, d.result()));
      case ExecutionOutcome.Refused r ->
          new ActionOutcome.Failed(
              call.actionId(),
              ErrorCode.GRANT_REJECTED,
              "the executor refused the grant; nothing was sent");
      case ExecutionOutcome.NotSent n ->
          new ActionOutcome.Failed(call.actionId(), n.code(), n.detail());
      case ExecutionOutcome.Unavailable u -> unavailable(call, u);
      case ExecutionOutcome.DryRun d -> unexpected(call);
    };
  }

  /** The executor did not answer: recorded, and never retried, since a retry might send twice. */
  private ActionOutcome unavailable(ToolCall call, ExecutionOutcome.Unavailable outcome) {
    try {
      audit.executorUnavailable(call);
    } catch (AuditUnavailableException e) {
      metrics.resultNotRecorded();
    }
    return new ActionOutcome.Failed(
        call.actionId(),
        ErrorCode.EXECUTOR_UNAVAILABLE,
        outcome.detail() + "; whether it was sent is in the executor's ledger; not retried");
  }

  private static ActionOutcome unexpected(ToolCall call) {
    return new ActionOutcome.Failed(
        call.actionId(), ErrorCode.INTERNAL, "the executor answered out of turn");
  }

  private static ExecutionRequest request(ToolCall call, Principal principal, String packet) {
    return new ExecutionRequest(
        packet, call.tenant(), call.actionId(), principal.id(), call.toolName(), call.arguments());
  }

  /**
   * The call as policy sees it. A session belongs to the principal that uses it: its key is the
   * principal id and the caller's session id (which cannot contain '/'), so no caller can read or
   * pollute another principal's session by naming it.
   */
  private ToolCall call(Principal principal, ActionRequest request) {
    return new ToolCall(
        ids.next(),
        principal,
        request.tool(),
        request.arguments(),
        SessionTasks.sessionKey(principal, request.sessionId()),
        clock.instant());
  }

  private void recordInSession(ToolCall call) {
    history.recordCall(
        call.tenant(), call.sessionId(), call.toolName(), call.arguments(), call.requestedAt());
  }
}
