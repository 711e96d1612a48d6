package dev.sallyport.gateway.audit;

import dev.sallyport.grant.Grant;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.Decision;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.model.ToolCall;
import java.time.Clock;
import java.time.Instant;
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

  /**
   * Records the grant minted for an allowed call, before it goes to the executor: its key id and
   * expiry, never the packet (which would let a reader of the ledger spend it).
   */
  public void grantIssued(ToolCall call, Grant grant) {
    append(
        call,
        "grant.issued",
        "issued",
        "key:" + grant.keyId() + " expires:" + grant.expiresAt(),
        List.of());
  }

  /**
   * Records that a separate executor could not be reached or did not answer: whether the call was
   * sent is in the executor's ledger; the gateway does not retry.
   */
  public void executorUnavailable(ToolCall call) {
    append(call, "executor.unavailable", "unknown", "no_answer", List.of());
  }

  /**
   * Records that a tool's result flagged the session ({@code flag}, such as {@code
   * prompt_injection_suspected}); {@code reason} carries the screen's score and flag names, never
   * the content.
   */
  public void sessionFlagged(ToolCall call, String flag, String reason) {
    appendAs(
        call,
        call.principal().id(),
        "session.flagged",
        flag,
        reason,
        List.of(),
        Optional.of("session:" + call.sessionId()));
  }

  /**
   * Records what became of a session's trusted task: {@code accepted} or the refusal's reason, with
   * the SHA-256 of the task's text (never the text) so that an auditor holding the text can match
   * it.
   */
  public void sessionTask(
      TenantId tenant, String principalId, String sessionId, String outcome, String taskDigest) {
    log.append(
        new AuditEvent(
            ids.next(),
            tenant,
            clock.instant(),
            "session.task",
            principalId,
            Optional.empty(),
            Optional.empty(),
            outcome,
            "session:" + sessionId + " task_sha256:" + taskDigest,
            List.of(),
            Optional.empty()));
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

  /**
   * Records that ingress refused requests before any tenant was known: {@code reason} is the stable
   * code first, then {@code group:}, {@code source:} (the client's /24 or /64) and {@code
   * unrecorded:}, the refusals since the previous such event that were counted but not recorded one
   * by one (see {@code dev.sallyport.gateway.ingress.RefusalRecorder}).
   */
  public void ingressRefused(
      TenantId tenant, String code, String group, String source, long unrecorded) {
    log.append(
        new AuditEvent(
            ids.next(),
            tenant,
            clock.instant(),
            "ingress.refused",
            "unauthenticated",
            Optional.empty(),
            Optional.empty(),
            "refused",
            code + " group:" + group + " source:" + source + " unrecorded:" + unrecorded,
            List.of(),
            Optional.empty()));
  }

  /**
   * Records that an upstream MCP tool is quarantined: the definition its upstream lists now ({@code
   * found}, or {@code missing}) is not the one pinned ({@code expected}, or {@code none}).
   */
  public void toolQuarantined(TenantId tenant, String tool, String expected, String found) {
    log.append(
        new AuditEvent(
            ids.next(),
            tenant,
            clock.instant(),
            "tool.quarantined",
            "system",
            Optional.of(tool),
            Optional.empty(),
            "quarantined",
            "pinned:" + expected + " upstream:" + found,
            List.of(),
            Optional.empty()));
  }

  /** Records that a call now waits for people, and for whom. */
  public void approvalRequested(
      ToolCall call, List<String> ruleIds, List<String> approverGroups, Instant expiresAt) {
    append(
        call,
        "approval.requested",
        "pending",
        "approvers:" + String.join(",", approverGroups) + " expires:" + expiresAt,
        ruleIds);
  }

  /** Records one person's vote that did not end the approval. */
  public void approvalVoted(ToolCall call, String approverId, String verdict) {
    appendAs(call, approverId, "approval.vote", verdict, "vote", List.of(), Optional.empty());
  }

  /**
   * Records that a notice to an approver could not be delivered after its last attempt: who was not
   * told (an approver group or an e-mail address), through which channel, and why, never the link.
   * The call still waits; the approvers can still find it under {@code /approvals/}.
   */
  public void approvalNotificationFailed(
      ToolCall call, String channel, String recipient, int attempts, String problem) {
    appendAs(
        call,
        "system",
        "approval.notification_failed",
        "failed",
        "channel:" + channel + " to:" + recipient + " attempts:" + attempts + " " + problem,
        List.of(),
        Optional.empty());
  }

  /** Records that someone tried to decide an approval and the rules refused them. */
  public void approvalRefused(ToolCall call, String personId, String reason) {
    appendAs(call, personId, "approval.refused", "refused", reason, List.of(), Optional.empty());
  }

  /**
   * Records how an approval ended ({@code approval.approved}, {@code approval.rejected} or {@code
   * approval.expired}) with Sallyport's signed record of it, which names each approver.
   */
  public void approvalSettled(
      ToolCall call, String outcome, String actor, String signedRecord, String signature) {
    appendAs(
        call,
        actor,
        "approval." + outcome,
        outcome,
        "signed",
        List.of(),
        Optional.of("{\"record\":" + signedRecord + ",\"signature\":\"" + signature + "\"}"));
  }

  private void append(
      ToolCall call, String type, String outcome, String reason, List<String> rules) {
    appendAs(call, call.principal().id(), type, outcome, reason, rules, Optional.empty());
  }

  private void appendAs(
      ToolCall call,
      String actor,
      String type,
      String outcome,
      String reason,
      List<String> rules,
      Optional<String> detail) {
    log.append(
        new AuditEvent(
            ids.next(),
            call.tenant(),
            clock.instant(),
            type,
            actor,
            Optional.of(call.toolName()),
            Optional.of(call.argumentsDigest()),
            outcome,
            reason,
            rules,
            Optional.of(call.actionId()),
            detail));
  }
}
