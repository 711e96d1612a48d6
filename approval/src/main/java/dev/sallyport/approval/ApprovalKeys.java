package dev.sallyport.approval;

import dev.sallyport.model.TenantId;
import java.security.KeyPair;
import java.util.Optional;

/**
 * Each tenant's Ed25519 key pair for approval links and decision records: one tenant's key never
 * signs or verifies another tenant's approvals.
 */
@FunctionalInterface
public interface ApprovalKeys {
  /** The tenant's key pair, or empty when the tenant has none (then nothing verifies). */
  Optional<KeyPair> of(TenantId tenant);
}
