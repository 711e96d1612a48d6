package dev.sallyport.gateway.phase;

import static java.util.Objects.requireNonNull;

import dev.sallyport.executor.ActionExecutor;
import dev.sallyport.executor.DryRunRequest;
import dev.sallyport.executor.ExecutionOutcome;
import dev.sallyport.executor.ExecutionRequest;
import dev.sallyport.executor.ExecutorCatalog;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.executor.connector.UnmappableCallException;
import dev.sallyport.grant.ExpectedCall;
import dev.sallyport.grant.GrantSigner;
import dev.sallyport.grant.Recipient;
import dev.sallyport.grant.SignedGrant;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.model.Tool;
import dev.sallyport.policy.KillSwitches;
import dev.sallyport.policy.PhaseSchedule;
import dev.sallyport.policy.ScheduledPhase;
import dev.sallyport.policy.ScheduledPhase.State;
import dev.sallyport.policy.TenantPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a two-phase action after its soft step:
 *
 * <ol>
 *   <li>{@link #afterSoft}: the soft step succeeded, so the hard step is scheduled, durably, for
 *       the end of the tool's window ({@code action.phase.hard_scheduled});
 *   <li>{@link #runReady}, every second: a due hard step is taken (one conditional update, so it
 *       runs at most once), granted afresh for the same call under the step's own tool name ({@code
 *       NAME.hard}), sent through the executor, and recorded ({@code action.phase.hard});
 *   <li>a reinstatement requested within the window ({@code sallyport actions reinstate}, which
 *       moves the row before the hard step can take it) is run the same way with {@code
 *       NAME.reinstate} ({@code action.phase.reinstated});
 *   <li>{@link #recover}, at start: a step the process stopped in the middle of is flagged ({@code
 *       action.phase.unresolved}) and never run again, since it may have gone out.
 * </ol>
 *
 * <p>A hard step whose agent or tenant has a pulled kill switch waits (it stays scheduled) until
 * the switch is released. A later step that could not be sent (no grant, no credential) is recorded
 * as {@code not_sent} and not retried by itself.
 */
public final class TwoPhaseActions {
  private static final Logger LOG = LoggerFactory.getLogger(TwoPhaseActions.class);

  /** How many ready steps one sweep takes. */
  private static final int BATCH = 64;

  private final Map<TenantId, TenantPolicy> policies;
  private final PhaseSchedule schedule;
  private final ExecutorCatalog catalog;
  private final GrantSigner grants;
  private final ActionExecutor executor;
  private final KillSwitches kills;
  private final PhaseAudit audit;
  private final Clock clock;

  /**
   * @param catalog used to learn each later step's recipient, which its grant binds (nothing is
   *     sent through it)
   * @param grants signs a fresh grant for each later step
   * @param executor in this process or behind HTTP; it alone sends
   */
  public TwoPhaseActions(
      Map<TenantId, TenantPolicy> policies,
      PhaseSchedule schedule,
      ExecutorCatalog catalog,
      GrantSigner grants,
      ActionExecutor executor,
      KillSwitches kills,
      AuditLog log,
      Clock clock,
      TimeOrderedIds ids) {
    this.policies = Map.copyOf(policies);
    this.schedule = requireNonNull(schedule, "schedule is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.grants = requireNonNull(grants, "grants is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.kills = requireNonNull(kills, "kills is null");
    this.audit = new PhaseAudit(log, clock, ids);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * {@code executor}, with {@link #afterSoft} after every call it dispatched: wherever a call comes
   * from (the pipeline, or an approval that released it), a two-phase tool's soft step is followed
   * by its hard step. Dry runs pass straight through.
   */
  public ActionExecutor schedulingAfterSoftSteps(ActionExecutor executor) {
    requireNonNull(executor, "executor is null");
    return new ActionExecutor() {
      @Override
      public ExecutionOutcome execute(ExecutionRequest request) {
        ExecutionOutcome outcome = executor.execute(request);
        if (outcome instanceof ExecutionOutcome.Dispatched dispatched) {
          afterSoft(request, dispatched.result());
        }
        return outcome;
      }

      @Override
      public ExecutionOutcome dryRun(DryRunRequest request) {
        return executor.dryRun(request);
      }
    };
  }

  /**
   * After a call was sent: for a two-phase tool, records the soft step and, when it succeeded,
   * schedules the hard step. Does nothing for other tools. Never throws: the soft step has happened
   * and its answer goes back to the caller whatever is recorded here.
   */
  public void afterSoft(ExecutionRequest call, DispatchResult soft) {
    TenantPolicy policy = policies.get(call.tenant());
    Optional<Tool> tool = policy == null ? Optional.empty() : policy.tool(call.tool());
    if (tool.isEmpty() || tool.get().phases().isEmpty()) {
      return;
    }
    // The version the soft step was allowed under: a process decides under one policy version.
    String policyVersion = policy.version();
    Tool.Phases phases = tool.get().phases().get();
    boolean succeeded = "ok".equals(soft.outcome());
    try {
      audit.soft(call, soft, succeeded);
      if (!succeeded) {
        return;
      }
      Instant due = clock.instant().plus(phases.window());
      try {
        schedule.schedule(
            ScheduledPhase.scheduled(
                call.tenant(),
                call.actionId(),
                call.tool(),
                call.actor(),
                call.arguments(),
                policyVersion,
                due));
      } catch (RuntimeException e) {
        LOG.error(
            "the hard step of action {} could not be scheduled ({})",
            call.actionId(),
            e.getClass().getSimpleName());
        audit.notScheduled(call);
        return;
      }
      audit.hardScheduled(call, tool.get().hardStepName(), due);
    } catch (RuntimeException e) {
      LOG.error(
          "the phases of action {} could not be recorded ({})",
          call.actionId(),
          e.getClass().getSimpleName());
    }
  }

  /**
   * Flags the steps a stopped process left half done. Run once at start, before {@link #runReady}.
   *
   * @return how many were flagged
   * @throws dev.sallyport.ledger.AuditUnavailableException if a flag cannot be recorded: the
   *     gateway then MUST NOT start
   */
  public int recover() {
    int flagged = 0;
    for (TenantId tenant : policies.keySet()) {
      for (State state : List.of(State.HARD_RUNNING, State.REINSTATING)) {
        for (ScheduledPhase phase : schedule.inState(tenant, state)) {
          audit.unresolved(phase);
          if (schedule.transition(tenant, phase.actionId(), state, State.UNRESOLVED)) {
            flagged++;
          }
        }
      }
    }
    return flagged;
  }

  /**
   * Runs what is ready now in every tenant: reinstate requests first, then due hard steps, at most
   * a batch per tenant and tick so that one tenant's backlog does not hold up the others.
   *
   * @return how many steps were sent to the executor
   */
  public int runReady() {
    int ran = 0;
    for (TenantId tenant : policies.keySet()) {
      ran += runReady(tenant);
    }
    return ran;
  }

  private int runReady(TenantId tenant) {
    int ran = 0;
    for (ScheduledPhase phase : schedule.ready(tenant, clock.instant(), BATCH)) {
      try {
        boolean sent =
            switch (phase.state()) {
              case REINSTATE_REQUESTED -> reinstate(phase);
              case SCHEDULED -> hard(phase);
              default -> false;
            };
        ran += sent ? 1 : 0;
      } catch (RuntimeException e) {
        // The row stays where it was moved to: a step that was taken is flagged at the next start
        // rather than run twice.
        LOG.error("phase of action {} failed ({})", phase.actionId(), e.getClass().getSimpleName());
      }
    }
    return ran;
  }

  private boolean hard(ScheduledPhase phase) {
    if (kills.isKilled(phase.tenant(), phase.actor())) {
      return false;
    }
    if (!schedule.transition(
        phase.tenant(), phase.actionId(), State.SCHEDULED, State.HARD_RUNNING)) {
      return false;
    }
    String step = phase.tool() + "." + Tool.Phases.HARD;
    Step result = run(phase, step, phase.actor());
    audit.hard(phase, step, result.recorded());
    schedule.transition(phase.tenant(), phase.actionId(), State.HARD_RUNNING, result.end(true));
    return true;
  }

  private boolean reinstate(ScheduledPhase phase) {
    if (!schedule.transition(
        phase.tenant(), phase.actionId(), State.REINSTATE_REQUESTED, State.REINSTATING)) {
      return false;
    }
    String step = phase.tool() + "." + Tool.Phases.REINSTATE;
    Step result = run(phase, step, phase.reinstateRequestedBy().orElse(phase.actor()));
    audit.reinstated(phase, step, result.recorded());
    schedule.transition(phase.tenant(), phase.actionId(), State.REINSTATING, result.end(false));
    return true;
  }

  /** Grants the step afresh for the same call and hands it to the executor. */
  private Step run(ScheduledPhase phase, String step, String actor) {
    Recipient recipient;
    try {
      recipient = catalog.recipient(phase.tenant(), step, phase.arguments());
    } catch (UnmappableCallException e) {
      return Step.notSent("unmappable_call", e.getMessage());
    }
    SignedGrant grant =
        grants.sign(
            ExpectedCall.of(phase.tenant(), phase.actionId(), step, phase.arguments(), recipient),
            phase.policyVersion());
    audit.grantIssued(phase, step, grant.grant());
    ExecutionOutcome outcome =
        executor.execute(
            new ExecutionRequest(
                grant.packet(), phase.tenant(), phase.actionId(), actor, step, phase.arguments()));
    return switch (outcome) {
      case ExecutionOutcome.Dispatched d ->
          new Step(d.result().outcome(), d.result().reason(), "sent", false);
      case ExecutionOutcome.Refused r -> Step.notSent("grant_rejected", "the executor refused");
      case ExecutionOutcome.NotSent n -> Step.notSent("not_sent", n.detail());
      case ExecutionOutcome.DryRun d ->
          Step.notSent("unexpected", "the executor answered a dry run");
      case ExecutionOutcome.Unavailable u ->
          new Step("unknown", "executor_unavailable", u.detail(), true);
    };
  }

  /** A later step's outcome; {@code unknown} when the executor's answer was lost. */
  private record Step(String outcome, String reason, String detail, boolean unknown) {
    static Step notSent(String reason, String detail) {
      return new Step("not_sent", reason, detail, false);
    }

    PhaseAudit.StepResult recorded() {
      return new PhaseAudit.StepResult(outcome, reason, detail);
    }

    State end(boolean hard) {
      if (unknown) {
        return State.UNRESOLVED;
      }
      return hard ? State.HARD_FINISHED : State.REINSTATE_FINISHED;
    }
  }
}
