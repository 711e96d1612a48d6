package dev.sallyport.gateway.phase;

import static java.util.Objects.requireNonNull;

import dev.sallyport.executor.ExecutionRequest;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.grant.Grant;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.policy.ScheduledPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of two-phase actions, in the tenant's ledger, each under the action's id and with the
 * SHA-256 of its arguments (never the arguments):
 *
 * <ul>
 *   <li>{@code action.phase.soft}: the soft step's outcome, after the executor's {@code
 *       action.result};
 *   <li>{@code action.phase.hard_scheduled}: when the hard step will run; {@code
 *       action.phase.not_scheduled} if the schedule could not take it;
 *   <li>{@code grant.issued}: the grant minted for a later step, naming that step's tool;
 *   <li>{@code action.phase.hard}: the hard step's outcome;
 *   <li>{@code action.phase.reinstated}: a reinstatement (actor: who asked), the hard step
 *       cancelled, with the reinstate request's outcome;
 *   <li>{@code action.phase.unresolved}: a step the process stopped in the middle of; for review,
 *       never run again.
 * </ul>
 *
 * <p>Every method returns once its event is durable and throws {@link
 * dev.sallyport.ledger.AuditUnavailableException} otherwise.
 */
final class PhaseAudit {
  static final String SOFT = "action.phase.soft";
  static final String HARD_SCHEDULED = "action.phase.hard_scheduled";
  static final String NOT_SCHEDULED = "action.phase.not_scheduled";
  static final String HARD = "action.phase.hard";
  static final String REINSTATED = "action.phase.reinstated";
  static final String UNRESOLVED = "action.phase.unresolved";

  private final AuditLog log;
  private final Clock clock;
  private final TimeOrderedIds ids;

  PhaseAudit(AuditLog log, Clock clock, TimeOrderedIds ids) {
    this.log = requireNonNull(log, "log is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.ids = requireNonNull(ids, "ids is null");
  }

  void soft(ExecutionRequest call, DispatchResult result, boolean hardFollows) {
    append(
        call.tenant(),
        SOFT,
        call.actor(),
        call.tool(),
        call.arguments(),
        result.outcome(),
        result.reason(),
        call.actionId(),
        Optional.of(
            hardFollows
                ? "soft step done; the hard step follows after the reinstate window"
                : "the soft step did not succeed: no hard step is scheduled"));
  }

  void hardScheduled(ExecutionRequest call, String hardStep, Instant dueAt) {
    append(
        call.tenant(),
        HARD_SCHEDULED,
        call.actor(),
        call.tool(),
        call.arguments(),
        "scheduled",
        "due:" + dueAt,
        call.actionId(),
        Optional.of(hardStep + " runs at " + dueAt + " unless the action is reinstated before"));
  }

  void notScheduled(ExecutionRequest call) {
    append(
        call.tenant(),
        NOT_SCHEDULED,
        call.actor(),
        call.tool(),
        call.arguments(),
        "error",
        "schedule_unavailable",
        call.actionId(),
        Optional.of("the hard step could not be scheduled; it will not run by itself"));
  }

  void grantIssued(ScheduledPhase phase, String step, Grant grant) {
    append(
        phase.tenant(),
        "grant.issued",
        phase.actor(),
        step,
        phase.arguments(),
        "issued",
        "key:" + grant.keyId() + " expires:" + grant.expiresAt(),
        phase.actionId(),
        Optional.empty());
  }

  void hard(ScheduledPhase phase, String step, StepResult result) {
    append(
        phase.tenant(),
        HARD,
        phase.actor(),
        phase.tool(),
        phase.arguments(),
        result.outcome(),
        result.reason(),
        phase.actionId(),
        Optional.of(step + " due at " + phase.dueAt() + ": " + result.detail()));
  }

  void reinstated(ScheduledPhase phase, String step, StepResult result) {
    append(
        phase.tenant(),
        REINSTATED,
        phase.reinstateRequestedBy().orElse("unknown"),
        phase.tool(),
        phase.arguments(),
        result.outcome(),
        result.reason(),
        phase.actionId(),
        Optional.of(
            "hard step (due " + phase.dueAt() + ") cancelled; " + step + ": " + result.detail()));
  }

  void unresolved(ScheduledPhase phase) {
    boolean hard = phase.state() == ScheduledPhase.State.HARD_RUNNING;
    append(
        phase.tenant(),
        UNRESOLVED,
        "system",
        phase.tool(),
        phase.arguments(),
        "review",
        hard ? "hard_interrupted" : "reinstate_interrupted",
        phase.actionId(),
        Optional.of(
            (hard ? "the hard step" : "the reinstate request")
                + " was being sent when the process stopped: it may or may not have gone out;"
                + " not run again"));
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

  /** What became of a later step, for its event. */
  record StepResult(String outcome, String reason, String detail) {}
}
