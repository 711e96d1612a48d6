package dev.sallyport.policy;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Promotions held in memory for one process: for tests, and for {@code policy test}, which decides
 * calls of established agents. A restart forgets every promotion, so every agent is back in dry
 * run: the safe direction.
 */
public final class InMemoryAgentStandings implements AgentStandings {
  private final Map<TenantId, Set<String>> promoted = new ConcurrentHashMap<>();

  @Override
  public boolean isPromoted(TenantId tenant, String agentId, Instant now) {
    return promoted.getOrDefault(tenant, Set.of()).contains(agentId);
  }

  /** Promotes the agent; it runs for real from its next call. */
  public void promote(TenantId tenant, String agentId) {
    requireNonNull(agentId, "agentId is null");
    promoted.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(agentId);
  }
}
