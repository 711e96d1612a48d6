package dev.sallyport.gateway;

import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.gateway.dispatch.Connector;
import dev.sallyport.gateway.dispatch.DispatchResult;
import dev.sallyport.gateway.dispatch.PlannedRequest;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.model.Decision;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.model.Tool;
import dev.sallyport.model.ToolCall;
import dev.sallyport.policy.PolicyEngine;
import dev.sallyport.policy.SessionHistory;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * The path of one action, top to bottom: identity has already run (the principal comes from a
 * validated token); then policy decides; the decision is made durable in the audit log; an allowed
 * call is recorded in the session, marked {@code action.dispatched} and carried out through its
 * connector; the result is recorded.
 *
 * <p>Fail closed: an audit write or session write that fails stops the action before anything is
 * sent, and the caller is told so.
 */
public final class ToolCallPipeline {
  private final PolicyEngine policy;
  private final AuditRecorder audit;
  private final SessionHistory history;
  private final BiFunction<Principal, Tool, Connector> connectors;
  private final Clock clock;
  private final TimeOrderedIds ids;
  private final DecisionMetrics metrics;

  /**
   * @param connectors finds the connector of a tool for a principal's tenant
   */
  public ToolCallPipeline(
      PolicyEngine policy,
      AuditRecorder audit,
      SessionHistory history,
      BiFunction<Principal, Tool, Connector> connectors,
      Clock clock,
      TimeOrderedIds ids,
      DecisionMetrics metrics) {
    this.policy = policy;
    this.audit = audit;
    this.history = history;
    this.connectors = connectors;
    this.clock = clock;
    this.ids = ids;
    this.metrics = metrics;
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
      case Decision.RequireApproval r -> new ActionOutcome.Refused(call.actionId(), r, version);
      case Decision.DryRun d -> dryRun(call, d, version, principal);
      case Decision.Allow a -> execute(call, a, version, principal);
    };
  }

  /** Policy, metrics and the durable decision event: the first steps of every call. */
  private ActionOutcome decideAndRecord(ToolCall call) {
    String version = policy.policyVersion(call.tenant());
    Decision decision = policy.decide(call);
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
    Tool tool = toolOf(call);
    PlannedRequest planned;
    try {
      planned = connectors.apply(principal, tool).plan(tool, call.arguments());
      recordInSession(call);
      audit.dryRun(call);
    } catch (AuditUnavailableException e) {
      return new ActionOutcome.Failed(
          call.actionId(), ErrorCode.AUDIT_UNAVAILABLE, "the dry run could not be recorded");
    } catch (RuntimeException e) {
      return new ActionOutcome.Failed(
          call.actionId(), ErrorCode.INTERNAL, "the dry run could not be recorded");
    }
    return new ActionOutcome.DryRun(call.actionId(), decision, version, planned);
  }

  private ActionOutcome execute(
      ToolCall call, Decision decision, String version, Principal principal) {
    Tool tool = toolOf(call);
    Connector connector;
    try {
      connector = connectors.apply(principal, tool);
      // The call counts against session limits before it is sent, so a crash cannot undercount.
      recordInSession(call);
      audit.dispatched(call);
    } catch (AuditUnavailableException e) {
      return new ActionOutcome.Failed(
          call.actionId(),
          ErrorCode.AUDIT_UNAVAILABLE,
          "the dispatch could not be recorded; nothing was sent");
    } catch (RuntimeException e) {
      return new ActionOutcome.Failed(
          call.actionId(),
          ErrorCode.INTERNAL,
          "the session could not be updated; nothing was sent");
    }
    DispatchResult result = connector.dispatch(tool, call.arguments());
    try {
      audit.result(call, result.outcome(), resultReason(result));
    } catch (AuditUnavailableException e) {
      // The call was sent and its dispatch is on record; the result is returned rather than hidden,
      // so that the caller does not retry a call that already happened.
      metrics.resultNotRecorded();
    }
    return new ActionOutcome.Executed(call.actionId(), decision, version, result);
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
        principal.id() + "/" + request.sessionId(),
        clock.instant());
  }

  private void recordInSession(ToolCall call) {
    history.recordCall(
        call.tenant(), call.sessionId(), call.toolName(), call.arguments(), call.requestedAt());
  }

  private Tool toolOf(ToolCall call) {
    // Only allowed or dry-run calls get here, and the policy allows catalogued tools only.
    return policy.tool(call.tenant(), call.toolName());
  }

  private static String resultReason(DispatchResult result) {
    return switch (result) {
      case DispatchResult.Answered a -> "status_" + a.status();
      case DispatchResult.TimedOut t -> "timeout";
      case DispatchResult.Unreachable u -> "unreachable";
    };
  }
}
