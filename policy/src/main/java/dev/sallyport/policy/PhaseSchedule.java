package dev.sallyport.policy;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The hard steps of two-phase actions waiting for their reinstate window to end. The gatekeeper
 * keeps them, beside its sessions and kill switches, because it is the side that holds the signing
 * keys: each later step runs with a grant minted when it runs.
 *
 * <p>Contract for every implementation:
 *
 * <ul>
 *   <li>every method returns only once its change is durable, and survives a restart;
 *   <li>{@link #transition} is atomic: of any number of concurrent callers moving the same action
 *       out of the same state, across threads and processes sharing the store, exactly one gets
 *       {@code true};
 *   <li>any failure throws an unchecked exception, never returns normally: a hard step whose state
 *       cannot be recorded is not run.
 * </ul>
 */
public interface PhaseSchedule {
  /**
   * Adds a hard step in state {@link ScheduledPhase.State#SCHEDULED}.
   *
   * @throws IllegalStateException if the action already has one
   */
  void schedule(ScheduledPhase phase);

  /**
   * What the scheduler should act on now in the tenant, oldest first, at most {@code limit}:
   * reinstate requests (which must run whatever the time) and hard steps whose {@code dueAt} is not
   * after {@code now}.
   */
  List<ScheduledPhase> ready(TenantId tenant, Instant now, int limit);

  /**
   * The tenant's actions in {@code state}: at start, the steps a stopped process left half done.
   */
  List<ScheduledPhase> inState(TenantId tenant, ScheduledPhase.State state);

  /** Moves the action from {@code from} to {@code to}; true only if it was in {@code from}. */
  boolean transition(
      TenantId tenant, String actionId, ScheduledPhase.State from, ScheduledPhase.State to);

  /**
   * Cancels the hard step and asks for the reinstate request: moves the action from {@link
   * ScheduledPhase.State#SCHEDULED} to {@link ScheduledPhase.State#REINSTATE_REQUESTED}, but only
   * while {@code now} is before its {@code dueAt}.
   *
   * @return true if the request was taken; false when the action is unknown, the window has closed
   *     or the action is no longer scheduled ({@link #find} tells which)
   */
  boolean requestReinstate(TenantId tenant, String actionId, String requestedBy, Instant now);

  Optional<ScheduledPhase> find(TenantId tenant, String actionId);
}
