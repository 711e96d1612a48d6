package dev.sallyport.ledger.bundle;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.note.VerifierKey;
import dev.sallyport.model.TenantId;

/**
 * What a bundle says about itself: the log's origin, its tenant and the public key that signs its
 * checkpoints. None of it is trusted on its own: the verifier checks every checkpoint against the
 * key, and an auditor SHOULD pin the key from a source other than the bundle.
 *
 * @param origin the log's checkpoint origin; MUST end with {@code "/" + tenant}
 * @param tenant the tenant whose log this is
 * @param key the log's verifier key; its name MUST be the origin
 */
public record BundleManifest(String origin, TenantId tenant, VerifierKey key) {
  /** The first line of every bundle in this format version. */
  public static final String FORMAT = "sallyport.dev/ledger-bundle@v1";

  public BundleManifest {
    requireNonNull(origin, "origin is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(key, "key is null");
    if (!origin.endsWith("/" + tenant.value())) {
      throw new IllegalArgumentException("origin must end with '/" + tenant.value() + "'");
    }
    if (!key.name().equals(origin)) {
      throw new IllegalArgumentException("the key name must be the origin");
    }
  }
}
