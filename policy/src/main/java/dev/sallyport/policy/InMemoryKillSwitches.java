package dev.sallyport.policy;

import dev.sallyport.model.TenantId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kill switches held in memory for one process. Pulling one takes effect on the next decision. The
 * governance work replaces this with a durable, replicated store behind the same port.
 */
public final class InMemoryKillSwitches implements KillSwitches {
  private volatile boolean platform;
  private final Set<TenantId> tenants = ConcurrentHashMap.newKeySet();
  private final Map<TenantId, Set<String>> principals = new ConcurrentHashMap<>();

  @Override
  public boolean isKilled(TenantId tenant, String principalId) {
    return platform
        || tenants.contains(tenant)
        || principals.getOrDefault(tenant, Set.of()).contains(principalId);
  }

  public void pullPlatform() {
    platform = true;
  }

  public void pullTenant(TenantId tenant) {
    tenants.add(tenant);
  }

  public void pullPrincipal(TenantId tenant, String principalId) {
    principals.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(principalId);
  }
}
