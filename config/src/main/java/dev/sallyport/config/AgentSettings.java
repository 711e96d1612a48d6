package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An agent registered with a tenant. Its roles come from here, not from its token: the operator,
 * not the IdP client registration, decides what an agent may call.
 *
 * @param id the agent id, equal to the token's {@code sub}
 * @param roles the tenant roles of the agent
 * @param dryRun true when its calls are recorded but never sent
 * @param owner the person responsible for the agent
 */
public record AgentSettings(String id, List<String> roles, boolean dryRun, String owner) {
  public AgentSettings {
    requireNonNull(id, "id is null");
    requireNonNull(owner, "owner is null");
    roles = List.copyOf(roles);
  }
}
