package dev.sallyport.gateway.audit;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.Decision;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.model.ToolCall;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Writes the events of the decision path. Every method returns only once its event is durable and
 * throws {@link dev.sallyport.ledger.AuditUnavailableException} otherwise; the pipeline then does
 * not act.
 */
public final class AuditRecorder {
  private final AuditLog log;
  private final Clock clock;
  private final TimeOrderedIds ids;

  public AuditRecorder(AuditLog log, Clock clock, TimeOrderedIds ids) {
    this.log = log;
    this.clock = clock;
    this.ids = ids;
  }

  public void decision(ToolCall call, Decision decision) {
    append(call, "decision", decision.outcome(), decision.reason(), decision.ruleIds());
  }

  public void dispatched(ToolCall call) {
    append(call, "action.dispatched", "dispatching", "allowed", List.of());
  }

  public void dryRun(ToolCall call) {
    append(call, "action.dry_run", "not_sent", "dry_run", List.of());
  }

  public void result(ToolCall call, String outcome, String reason) {
    append(call, "action.result", outcome, reason, List.of());
  }

  /** Records that a tenant's configuration was loaded, with its policy version. */
  public void configLoaded(TenantId tenant, String policyVersion) {
    log.append(
        new AuditEvent(
            ids.next(),
            tenant,
            clock.instant(),
            "config.loaded",
            "system",
            Optional.empty(),
            Optional.empty(),
            "loaded",
            "policy_version:" + policyVersion,
            List.of(),
            Optional.empty()));
  }

  private void append(
      ToolCall call, String type, String outcome, String reason, List<String> rules) {
    log.append(
        new AuditEvent(
            ids.next(),
            call.tenant(),
            clock.instant(),
            type,
            call.principal().id(),
            Optional.of(call.toolName()),
            Optional.of(call.argumentsDigest()),
            outcome,
            reason,
            rules,
            Optional.of(call.actionId())));
  }
}
