package dev.sallyport.policy;

import dev.sallyport.model.Decision;
import dev.sallyport.model.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The third layer: the explicit tools each role, and each agent by its id, may call. A principal
 * whose roles and id grant nothing for a tool is denied. Immutable; the allow decisions are built
 * once here, not on every call.
 */
public final class RoleGrants {
  private static final Decision MISSING_ROLE =
      Decision.deny(
          "grant.missing_role", "missing_role", "the principal has no role in this tenant");

  private record Grant(List<ToolPattern> patterns, Decision.Allow allow) {
    boolean grants(String toolName) {
      for (ToolPattern pattern : patterns) {
        if (pattern.matches(toolName)) {
          return true;
        }
      }
      return false;
    }
  }

  private final Map<String, Grant> byRole;
  private final Map<String, Grant> byAgent;
  private final Set<String> readOnlyRoles;

  /**
   * @param byRole tool patterns per role
   * @param byAgent tool patterns granted to one agent directly
   * @param readOnlyRoles roles that may call {@code read} tools only (a platform invariant checks
   *     this)
   */
  public RoleGrants(
      Map<String, List<ToolPattern>> byRole,
      Map<String, List<ToolPattern>> byAgent,
      Set<String> readOnlyRoles) {
    Map<String, Grant> roles = new HashMap<>();
    byRole.forEach((role, patterns) ->
        roles.put(
            role,
            new Grant(
                List.copyOf(patterns),
                new Decision.Allow(
                    List.of("grant.role." + role), "granted", "granted to " + role))));
    Map<String, Grant> agents = new HashMap<>();
    byAgent.forEach((agent, patterns) ->
        agents.put(
            agent,
            new Grant(
                List.copyOf(patterns),
                new Decision.Allow(
                    List.of("grant.agent." + agent), "granted", "granted to the agent"))));
    this.byRole = Map.copyOf(roles);
    this.byAgent = Map.copyOf(agents);
    this.readOnlyRoles = Set.copyOf(readOnlyRoles);
  }

  public Decision decide(Principal principal, String toolName) {
    if (principal.roles().isEmpty() && !byAgent.containsKey(principal.id())) {
      return MISSING_ROLE;
    }
    for (String role : principal.roles()) {
      Grant grant = byRole.get(role);
      if (grant != null && grant.grants(toolName)) {
        return grant.allow();
      }
    }
    Grant own = byAgent.get(principal.id());
    if (principal.isAgent() && own != null && own.grants(toolName)) {
      return own.allow();
    }
    return Decision.deny(
        "grant.not_granted", "not_granted", "no role of the principal grants " + toolName);
  }

  /** True when any of the principal's roles is read-only. */
  public boolean isReadOnly(Principal principal) {
    for (String role : principal.roles()) {
      if (readOnlyRoles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
