package dev.sallyport.policy;

import dev.sallyport.model.TenantId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kill switches held in memory for one process. Pulling one takes effect on the next decision. The
 * governance work replaces this with a durable, replicated store behind the same port.
 */
public final class InMemoryKillSwitches implements KillSwitches {
  private volatile boolean platform;
  private final Set<TenantId> tenants = ConcurrentHashMap.newKeySet();
  private final Set<String> principals = ConcurrentHashMap.newKeySet();

  @Override
  public boolean isKilled(TenantId tenant, String principalId) {
    return platform || tenants.contains(tenant) || principals.contains(key(tenant, principalId));
  }

  public void pullPlatform() {
    platform = true;
  }

  public void pullTenant(TenantId tenant) {
    tenants.add(tenant);
  }

  public void pullPrincipal(TenantId tenant, String principalId) {
    principals.add(key(tenant, principalId));
  }

  private static String key(TenantId tenant, String principalId) {
    return tenant.value() + '\u0000' + principalId;
  }
}
