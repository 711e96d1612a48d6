package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.TenantPolicy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One tenant as configured: its connectors, agents, approvers, how IdP groups map to roles, and its
 * compiled policy.
 */
public record TenantConfig(
    TenantId id,
    String displayName,
    Map<String, ConnectorSettings> connectors,
    Map<String, AgentSettings> agents,
    Map<String, List<String>> groupRoles,
    Map<String, ApproverGroup> approverGroups,
    TenantPolicy policy) {
  public TenantConfig {
    requireNonNull(id, "id is null");
    requireNonNull(displayName, "displayName is null");
    requireNonNull(policy, "policy is null");
    connectors = Map.copyOf(connectors);
    agents = Map.copyOf(agents);
    groupRoles = Map.copyOf(groupRoles);
    approverGroups = Map.copyOf(approverGroups);
  }

  /** The principal for a registered agent, or empty when the agent is unknown to the tenant. */
  public Optional<Principal> agentPrincipal(String agentId) {
    AgentSettings agent = agents.get(agentId);
    if (agent == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Principal(id, agentId, PrincipalKind.AGENT, Set.copyOf(agent.roles()), Set.of()));
  }

  /** The principal for a person, with the roles their IdP groups map to. */
  public Principal humanPrincipal(String userId, List<String> groups) {
    Set<String> roles = new LinkedHashSet<>();
    for (String group : groups) {
      roles.addAll(groupRoles.getOrDefault(group, List.of()));
    }
    return new Principal(id, userId, PrincipalKind.HUMAN, roles, Set.copyOf(groups));
  }
}
