package dev.sallyport.executor;

import static java.util.Objects.requireNonNull;

import dev.sallyport.grant.RejectionReason;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.secrets.LeaseAudit;
import dev.sallyport.secrets.LeaseEvent;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The executor's events, written to the ledger of the tenant the call acts for. Every method
 * returns only once its event is durable and throws {@link
 * dev.sallyport.ledger.AuditUnavailableException} otherwise. Events carry the SHA-256 of the
 * arguments, never the arguments.
 *
 * <ul>
 *   <li>{@code executor.signature_rejected}: a grant refused, with the verifier's reason;
 *   <li>{@code executor.refused}: a call that cannot be mapped to a request, or an unknown tool;
 *   <li>{@code action.dispatching}: about to send; written before the external call;
 *   <li>{@code action.result}: what the system answered, or why nothing was sent after all;
 *   <li>{@code action.dry_run}: what would have been sent, redacted;
 *   <li>{@code action.unresolved} and {@code executor.recovered}: see {@link DispatchRecovery};
 *   <li>{@code lease.granted}, {@code lease.revoked}, {@code lease.failed}, ...: what became of
 *       each credential lease, with the lease id and the secret's reference, never its value.
 * </ul>
 */
public final class ExecutorAudit implements LeaseAudit {
  static final String SIGNATURE_REJECTED = "executor.signature_rejected";
  static final String REFUSED = "executor.refused";
  static final String DISPATCHING = "action.dispatching";
  static final String RESULT = "action.result";
  static final String DRY_RUN = "action.dry_run";
  static final String UNRESOLVED = "action.unresolved";
  static final String RECOVERED = "executor.recovered";

  private final AuditLog log;
  private final Clock clock;
  private final TimeOrderedIds ids;

  public ExecutorAudit(AuditLog log, Clock clock, TimeOrderedIds ids) {
    this.log = requireNonNull(log, "log is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.ids = requireNonNull(ids, "ids is null");
  }

  void signatureRejected(ExecutionRequest request, RejectionReason reason) {
    append(
        request.tenant(),
        SIGNATURE_REJECTED,
        request.actor(),
        request.tool(),
        request.arguments(),
        "refused",
        reason.name().toLowerCase(Locale.ROOT),
        request.actionId(),
        Optional.empty());
  }

  void refused(ExecutionRequest request, String reason) {
    append(
        request.tenant(),
        REFUSED,
        request.actor(),
        request.tool(),
        request.arguments(),
        "refused",
        reason,
        request.actionId(),
        Optional.empty());
  }

  void dispatching(ExecutionRequest request, boolean idempotent, String redacted) {
    append(
        request.tenant(),
        DISPATCHING,
        request.actor(),
        request.tool(),
        request.arguments(),
        "dispatching",
        idempotent ? "idempotent" : "not_idempotent",
        request.actionId(),
        Optional.of(redacted));
  }

  void result(ExecutionRequest request, String outcome, String reason) {
    append(
        request.tenant(),
        RESULT,
        request.actor(),
        request.tool(),
        request.arguments(),
        outcome,
        reason,
        request.actionId(),
        Optional.empty());
  }

  void dryRun(DryRunRequest request, String redacted) {
    append(
        request.tenant(),
        DRY_RUN,
        request.actor(),
        request.tool(),
        request.arguments(),
        "not_sent",
        "dry_run",
        request.actionId(),
        Optional.of(redacted));
  }

  void unresolved(AuditEvent dispatching, long index) {
    log.append(
        new AuditEvent(
            ids.next(),
            dispatching.tenant(),
            clock.instant(),
            UNRESOLVED,
            "system",
            dispatching.tool(),
            dispatching.argumentsDigest(),
            "review",
            "no_outcome",
            List.of(),
            dispatching.actionId(),
            Optional.of(
                "action.dispatching at index "
                    + index
                    + " ("
                    + dispatching.reason()
                    + ") has no outcome: it may or may not have been sent; not retried")));
  }

  /**
   * Records what became of a credential lease ({@link LeaseAudit}): the broker calls this, and for
   * {@code lease.granted} hands out the credential only once the event is durable.
   */
  @Override
  public void record(LeaseEvent event) {
    // Ids, the reference and times only: a lease event never carries a value.
    String detail =
        switch (event) {
          case LeaseEvent.Granted g ->
              "lease "
                  + g.leaseId()
                  + " of "
                  + g.reference()
                  + " until "
                  + g.expiresAt()
                  + g.storeLeaseId().map(id -> " (store lease " + id + ")").orElse("");
          case LeaseEvent.Renewed r ->
              "lease " + r.leaseId() + " of " + r.reference() + " until " + r.expiresAt();
          case LeaseEvent.Revoked r -> "lease " + r.leaseId() + " of " + r.reference();
          case LeaseEvent.RevokeFailed f ->
              "lease "
                  + f.leaseId()
                  + " of "
                  + f.reference()
                  + f.storeLeaseId().map(id -> " (store lease " + id + ")").orElse("");
          case LeaseEvent.Failed f ->
              f.leaseId().map(id -> "lease " + id + " of ").orElse("no lease of ") + f.reference();
        };
    log.append(
        new AuditEvent(
            ids.next(),
            event.tenant(),
            event.time(),
            event.type(),
            "system",
            Optional.empty(),
            Optional.empty(),
            event.outcome(),
            event.reasonCode(),
            List.of(),
            event.actionId(),
            Optional.of(detail)));
  }

  void recovered(TenantId tenant, long scanned, int unresolved) {
    log.append(
        new AuditEvent(
            ids.next(),
            tenant,
            clock.instant(),
            RECOVERED,
            "system",
            Optional.empty(),
            Optional.empty(),
            "scanned",
            unresolved == 0 ? "none_unresolved" : "unresolved_flagged",
            List.of(),
            Optional.empty(),
            Optional.of("scanned " + scanned + " events; " + unresolved + " flagged for review")));
  }

  private void append(
      TenantId tenant,
      String type,
      String actor,
      String tool,
      Map<String, Object> arguments,
      String outcome,
      String reason,
      String actionId,
      Optional<String> detail) {
    log.append(
        new AuditEvent(
            ids.next(),
            tenant,
            clock.instant(),
            type,
            actor,
            Optional.of(tool),
            Optional.of(CanonicalJson.sha256Hex(arguments)),
            outcome,
            reason,
            List.of(),
            Optional.of(actionId),
            detail));
  }
}
