package dev.sallyport.secrets;

import dev.sallyport.model.TenantId;
import java.time.Duration;
import java.util.Set;

/**
 * A place credentials come from: files, environment variables, Vault or OpenBao. The executor does
 * not call stores directly; it calls {@link CredentialBroker}, which routes by scheme, records and
 * revokes. A store is a driver: one contract test runs against every one.
 *
 * <p>Implementations MUST read the credential when {@link #lease} is called (never earlier, so that
 * rotation takes effect at once), MUST refuse a reference that {@link TenantPaths#checkOwnedBy}
 * refuses for the tenant, and MUST report every failure as a {@link SecretUnavailableException}
 * that carries no value.
 */
public interface SecretStore {
  /** The reference schemes this store serves. */
  Set<SecretReference.Scheme> schemes();

  /**
   * Fetches the credential for one use.
   *
   * @param ttl how long the caller means to hold it; a store that issues credentials (Vault dynamic
   *     secrets) may grant less, never more is assumed
   * @throws SecretUnavailableException on every failure; nothing has been left issued
   */
  StoreLease lease(TenantId tenant, SecretReference reference, Duration ttl)
      throws SecretUnavailableException;
}
