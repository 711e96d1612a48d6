package dev.sallyport.ledger.store;

import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.model.TenantId;

/** Each tenant's checkpoint signing key and the origin (key name) of its log. */
public interface SigningKeys {
  /** The log's origin for a tenant, for example {@code sallyport.local/acme}. */
  String origin(TenantId tenant);

  /**
   * The tenant's signer.
   *
   * @throws RuntimeException when the key cannot be read or created; nothing is signed then
   */
  Ed25519NoteSigner signer(TenantId tenant);
}
