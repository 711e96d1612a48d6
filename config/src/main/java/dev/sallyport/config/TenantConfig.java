package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.TenantPolicy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One tenant as configured: its connectors, agents, approvers, how IdP groups map to roles, and its
 * compiled policy.
 *
 * <p>{@code newAgentDryRun} ({@code new_agents.dry_run_for}) is how long every new agent runs in
 * dry-run at least: an administrator can promote it only after that, and it stays in dry-run until
 * someone does. Seven days unless configured; zero allows promotion at once.
 *
 * <p>{@code approvals} is how long held calls wait for people and who is told about them.
 *
 * <p>{@code toolPins} are the upstream MCP tool definitions the operator accepted ({@link
 * ToolPins#FILE}); an MCP tool without one, or whose upstream definition differs, is quarantined.
 *
 * <p>{@code guards} is what happens to untrusted tool results before the agent sees them.
 */
public record TenantConfig(
    TenantId id,
    String displayName,
    Map<String, ConnectorSettings> connectors,
    Map<String, AgentSettings> agents,
    Map<String, List<String>> groupRoles,
    Map<String, ApproverGroup> approverGroups,
    TenantPolicy policy,
    Duration newAgentDryRun,
    ApprovalSettings approvals,
    ToolPins toolPins,
    GuardSettings guards) {
  /** How long a new agent runs in dry-run at least, unless {@code new_agents.dry_run_for} says. */
  public static final Duration DEFAULT_NEW_AGENT_DRY_RUN = Duration.ofDays(7);

  public TenantConfig {
    requireNonNull(id, "id is null");
    requireNonNull(displayName, "displayName is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(newAgentDryRun, "newAgentDryRun is null");
    requireNonNull(approvals, "approvals is null");
    requireNonNull(toolPins, "toolPins is null");
    requireNonNull(guards, "guards is null");
    if (newAgentDryRun.isNegative()) {
      throw new IllegalArgumentException("the new agents' dry run cannot be negative");
    }
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
