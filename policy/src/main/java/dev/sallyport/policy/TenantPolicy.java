package dev.sallyport.policy;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the policy stage knows about one tenant, compiled and immutable. A new configuration
 * load produces a new instance; a decision always sees one consistent version.
 *
 * @param tenant the tenant
 * @param version digest of the policy inputs, recorded with every decision
 * @param tools the tool catalogue by name
 * @param rules the tenant's compiled rules
 * @param grants the role grants
 * @param dryRunAgents agents whose calls are recorded but never sent
 * @param dryRunTenant true when the whole tenant runs in dry-run mode
 * @param writeIsConsequential true when the taint invariant covers {@code write} tools too ({@code
 *     guards.consequential_write} in {@code tenant.yaml})
 */
public record TenantPolicy(
    TenantId tenant,
    String version,
    Map<String, Tool> tools,
    TenantRules rules,
    RoleGrants grants,
    Set<String> dryRunAgents,
    boolean dryRunTenant,
    boolean writeIsConsequential,
    List<String> guardApprovers) {
  public TenantPolicy {
    guardApprovers = List.copyOf(guardApprovers);
    requireNonNull(tenant, "tenant is null");
    requireNonNull(version, "version is null");
    requireNonNull(rules, "rules is null");
    requireNonNull(grants, "grants is null");
    tools = Map.copyOf(tools);
    dryRunAgents = Set.copyOf(dryRunAgents);
  }

  /** A policy whose taint invariant covers the consequential effect classes only. */
  public TenantPolicy(
      TenantId tenant,
      String version,
      Map<String, Tool> tools,
      TenantRules rules,
      RoleGrants grants,
      Set<String> dryRunAgents,
      boolean dryRunTenant) {
    this(tenant, version, tools, rules, grants, dryRunAgents, dryRunTenant, false, List.of());
  }

  public Optional<Tool> tool(String name) {
    return Optional.ofNullable(tools.get(name));
  }
}
