package dev.sallyport.policy;

import dev.sallyport.model.Decision;
import dev.sallyport.model.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The third layer: the explicit tools each role, and each agent by its id, may call. A principal
 * whose roles and id grant nothing for a tool is denied.
 *
 * @param byRole tool patterns per role
 * @param byAgent tool patterns granted to one agent directly
 * @param readOnlyRoles roles that may call {@code read} tools only (a platform invariant checks
 *     this)
 */
public record RoleGrants(
    Map<String, List<ToolPattern>> byRole,
    Map<String, List<ToolPattern>> byAgent,
    Set<String> readOnlyRoles) {
  public RoleGrants {
    byRole = Map.copyOf(byRole);
    byAgent = Map.copyOf(byAgent);
    readOnlyRoles = Set.copyOf(readOnlyRoles);
  }

  public Decision decide(Principal principal, String toolName) {
    if (principal.roles().isEmpty() && !byAgent.containsKey(principal.id())) {
      return Decision.deny(
          "grant.missing_role", "missing_role", "the principal has no role in this tenant");
    }
    for (String role : principal.roles()) {
      if (grants(byRole.get(role), toolName)) {
        return new Decision.Allow(List.of("grant.role." + role), "granted", "granted to " + role);
      }
    }
    if (principal.isAgent() && grants(byAgent.get(principal.id()), toolName)) {
      return new Decision.Allow(
          List.of("grant.agent." + principal.id()), "granted", "granted to the agent");
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

  private static boolean grants(List<ToolPattern> patterns, String toolName) {
    if (patterns == null) {
      return false;
    }
    for (ToolPattern pattern : patterns) {
      if (pattern.matches(toolName)) {
        return true;
      }
    }
    return false;
  }
}
