package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/** Keysets held in memory, replaced atomically per tenant. Thread-safe. */
public final class InMemoryGrantKeysets implements GrantKeysets {
  private final ConcurrentMap<TenantId, GrantKeyset> keysets = new ConcurrentHashMap<>();

  @Override
  public GrantKeyset forTenant(TenantId tenant) {
    requireNonNull(tenant, "tenant is null");
    GrantKeyset keyset = keysets.get(tenant);
    return keyset != null ? keyset : GrantKeyset.empty(tenant);
  }

  /** Sets the keyset of its tenant, replacing any previous one. */
  public void put(GrantKeyset keyset) {
    requireNonNull(keyset, "keyset is null");
    keysets.put(keyset.tenant(), keyset);
  }

  /**
   * Applies {@code change} to the tenant's current keyset atomically, for example {@code keyset ->
   * keyset.promote("k2")}, and returns the result.
   *
   * @throws IllegalArgumentException if the change returns another tenant's keyset
   */
  public GrantKeyset update(TenantId tenant, UnaryOperator<GrantKeyset> change) {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(change, "change is null");
    return keysets.compute(
        tenant,
        (id, current) -> {
          GrantKeyset next = change.apply(current != null ? current : GrantKeyset.empty(id));
          if (!next.tenant().equals(id)) {
            throw new IllegalArgumentException("a keyset change may not switch tenants");
          }
          return next;
        });
  }
}
