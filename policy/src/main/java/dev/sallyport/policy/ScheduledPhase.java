package dev.sallyport.policy;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.JsonValues;
import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The hard step of a two-phase action, as the gatekeeper keeps it between the soft step and the end
 * of the reinstate window: the exact call (so that the hard step, or the reinstate request, runs
 * with the same tenant, action id and arguments the soft step ran with) and where it stands.
 *
 * @param tenant the tenant the action acts for
 * @param actionId the action's id; the hard step and the reinstate request run under the same id
 * @param tool the two-phase tool as the agent called it (not {@code NAME.hard})
 * @param actor the principal whose call started the action
 * @param arguments the call's arguments
 * @param policyVersion the policy version the call was allowed under, bound into later grants
 * @param dueAt when the window ends and the hard step runs
 * @param state where it stands
 * @param reinstateRequestedBy who asked to reinstate, once someone did
 */
public record ScheduledPhase(
    TenantId tenant,
    String actionId,
    String tool,
    String actor,
    Map<String, Object> arguments,
    String policyVersion,
    Instant dueAt,
    State state,
    Optional<String> reinstateRequestedBy) {
  public ScheduledPhase {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(actionId, "actionId is null");
    requireNonNull(tool, "tool is null");
    requireNonNull(actor, "actor is null");
    arguments = JsonValues.immutableObject(requireNonNull(arguments, "arguments is null"));
    requireNonNull(policyVersion, "policyVersion is null");
    requireNonNull(dueAt, "dueAt is null");
    requireNonNull(state, "state is null");
    requireNonNull(reinstateRequestedBy, "reinstateRequestedBy is null");
  }

  /** A hard step just scheduled. */
  public static ScheduledPhase scheduled(
      TenantId tenant,
      String actionId,
      String tool,
      String actor,
      Map<String, Object> arguments,
      String policyVersion,
      Instant dueAt) {
    return new ScheduledPhase(
        tenant,
        actionId,
        tool,
        actor,
        arguments,
        policyVersion,
        dueAt,
        State.SCHEDULED,
        Optional.empty());
  }

  @Override
  public String toString() {
    // No arguments: they may hold personal data, and operator logs carry no payloads.
    return "ScheduledPhase[tenant="
        + tenant
        + ", action="
        + actionId
        + ", tool="
        + tool
        + ", due="
        + dueAt
        + ", state="
        + state
        + "]";
  }

  /**
   * Where a two-phase action stands. Every move is one conditional update, so that of two
   * contenders (the scheduler taking a due hard step, a person asking to reinstate) exactly one
   * wins, also across processes sharing the store.
   *
   * <pre>
   * SCHEDULED ──due──▶ HARD_RUNNING ──▶ HARD_FINISHED
   *     │                   └──(crash)──▶ UNRESOLVED
   *     └──reinstate, before due──▶ REINSTATE_REQUESTED ──▶ REINSTATING ──▶ REINSTATE_FINISHED
   *                                                              └──(crash)──▶ UNRESOLVED
   * </pre>
   */
  public enum State {
    /** Waiting for the window to end. */
    SCHEDULED,
    /** Taken by the scheduler; the hard step is being sent. */
    HARD_RUNNING,
    /** The hard step went to the executor; its outcome is in the ledger. Never run again. */
    HARD_FINISHED,
    /** Someone asked to reinstate within the window: the hard step is cancelled for good. */
    REINSTATE_REQUESTED,
    /** Taken by the scheduler; the reinstate request is being sent. */
    REINSTATING,
    /** The reinstate request went to the executor; its outcome is in the ledger. */
    REINSTATE_FINISHED,
    /**
     * The process stopped while a step was being sent: whether it went out is unknown, so it is
     * flagged for review in the ledger and never run again.
     */
    UNRESOLVED
  }
}
