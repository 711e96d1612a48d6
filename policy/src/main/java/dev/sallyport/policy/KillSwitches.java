package dev.sallyport.policy;

import dev.sallyport.model.TenantId;

/**
 * The kill switches the platform invariants consult before anything else. Implementations MUST
 * throw when they cannot answer; the engine then denies.
 */
public interface KillSwitches {
  /** True when the platform, the tenant, or this principal has been switched off. */
  boolean isKilled(TenantId tenant, String principalId);
}
