package dev.sallyport.secrets;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a store handed out: the values and, for issued credentials, the handle to renew and revoke
 * them. {@link CredentialBroker} wraps it in a {@link Lease}; callers never see this type.
 */
public interface StoreLease {
  /** The values by field name, in the store's order; at least one. */
  Map<String, Secret> fields();

  /** How long the store granted, or {@link Duration#ZERO} when the store sets no limit. */
  Duration duration();

  /** The store's own lease id (Vault's {@code lease_id}), for the ledger: not a credential. */
  Optional<String> storeLeaseId();

  /**
   * Asks for {@code increment} more, counted from now.
   *
   * @return what the store granted, which may be less
   */
  Duration renew(Duration increment) throws SecretUnavailableException;

  /**
   * Ends the credential at the store. Called once by the broker; MAY be retried after a failure.
   */
  void revoke() throws SecretUnavailableException;
}
