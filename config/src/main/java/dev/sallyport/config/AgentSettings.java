package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An agent registered with a tenant. Its roles come from here, not from its token: the operator,
 * not the IdP client registration, decides what an agent may call.
 *
 * @param id the agent id, equal to the token's {@code sub}
 * @param roles the tenant roles of the agent
 * @param dryRun true when its calls are recorded but never sent
 * @param owner the person responsible for the agent
 * @param since when the agent's first dry run began, as the operator declares it ({@code since:});
 *     empty: from the gateway's first decision for the agent. Its observation period counts from
 *     here, and an administrator can promote it only once the period is over.
 */
public record AgentSettings(
    String id, List<String> roles, boolean dryRun, String owner, Optional<Instant> since) {
  public AgentSettings {
    requireNonNull(id, "id is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(since, "since is null");
    roles = List.copyOf(roles);
  }
}
