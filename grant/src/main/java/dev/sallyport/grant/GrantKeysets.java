package dev.sallyport.grant;

import dev.sallyport.model.TenantId;

/**
 * Where the signer and the verifier find each tenant's current {@link GrantKeyset}. Rotation is a
 * swap of the whole keyset, so a reader sees the keyset before or after a change, never half of it.
 */
public interface GrantKeysets {
  /**
   * The current keyset of {@code tenant}. MUST return a keyset whose {@link GrantKeyset#tenant()}
   * is {@code tenant} (an empty one if the tenant has no keys), and MUST NOT return another
   * tenant's keys.
   */
  GrantKeyset forTenant(TenantId tenant);
}
