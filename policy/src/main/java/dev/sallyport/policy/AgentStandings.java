package dev.sallyport.policy;

import dev.sallyport.model.TenantId;
import java.time.Instant;

/**
 * Whether an administrator has promoted an agent out of the dry run every new agent starts in. The
 * platform invariants consult it for every call of an agent: an agent that is not promoted gets a
 * dry run at most ({@code invariant.new_agent}), whatever its roles and the tenant's rules allow.
 *
 * <p>A promotion counts only once it is on record in the tenant's ledger ({@code agent.promoted}),
 * so an implementation MUST answer {@code true} only for such promotions. Implementations MUST
 * throw when they cannot answer; the engine then denies.
 */
public interface AgentStandings {
  /**
   * Whether the agent has been promoted. A durable implementation also remembers, the first time it
   * is asked about an agent, {@code now} as the moment the agent was first seen: the start of its
   * observation period unless the configuration names one ({@code since:}).
   */
  boolean isPromoted(TenantId tenant, String agentId, Instant now);
}
