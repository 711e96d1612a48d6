package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.TenantPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded deployment folder: valid as a whole, or it does not exist.
 *
 * @param directory the folder it was loaded from
 * @param identity how tokens are validated
 * @param port the HTTP port {@code serve} listens on unless told otherwise
 * @param tenants every tenant by id
 * @param digest SHA-256 over every file that was read: what {@code config.loaded} records
 * @param ledger retention of the tenant ledgers ({@code ledger:})
 * @param siem where the ledger is exported ({@code siem:}), in the order written; often empty
 * @param ingress which sources may reach which routes ({@code ingress:}; loopback only if absent)
 * @param executor where the executor runs and how grants are signed ({@code executor:})
 * @param secrets where the executor's credentials come from ({@code secrets:})
 * @param console how people sign in to the console and the approval pages ({@code console:});
 *     empty: no console, no approval pages, no notifications
 * @param mcp how the {@code /mcp} endpoint holds calls and sessions ({@code mcp:})
 */
public record Deployment(
    Path directory,
    IdentitySettings identity,
    int port,
    Map<TenantId, TenantConfig> tenants,
    String digest,
    LedgerSettings ledger,
    List<SiemSinkSettings> siem,
    IngressSettings ingress,
    ExecutorSettings executor,
    SecretsSettings secrets,
    Optional<ConsoleConfig> console,
    McpSettings mcp) {
  public Deployment {
    requireNonNull(mcp, "mcp is null");
    requireNonNull(directory, "directory is null");
    requireNonNull(identity, "identity is null");
    requireNonNull(digest, "digest is null");
    requireNonNull(executor, "executor is null");
    requireNonNull(ledger, "ledger is null");
    requireNonNull(ingress, "ingress is null");
    requireNonNull(secrets, "secrets is null");
    requireNonNull(console, "console is null");
    tenants = Map.copyOf(tenants);
    siem = List.copyOf(siem);
  }

  public Optional<TenantConfig> tenant(TenantId id) {
    return Optional.ofNullable(tenants.get(id));
  }

  public Map<TenantId, TenantPolicy> policies() {
    Map<TenantId, TenantPolicy> policies = new LinkedHashMap<>();
    tenants.forEach((id, tenant) -> policies.put(id, tenant.policy()));
    return policies;
  }
}
