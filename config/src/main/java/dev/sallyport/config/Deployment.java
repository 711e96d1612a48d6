package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.TenantPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 */
public record Deployment(
    Path directory,
    IdentitySettings identity,
    int port,
    Map<TenantId, TenantConfig> tenants,
    String digest) {
  public Deployment {
    requireNonNull(directory, "directory is null");
    requireNonNull(identity, "identity is null");
    requireNonNull(digest, "digest is null");
    tenants = Map.copyOf(tenants);
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
