package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.store.SigningKeys;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * Each tenant's checkpoint signing key: an Ed25519 seed in {@code DATA/ledger-keys/TENANT.seed}
 * (mode 0600), created on first use. The key name, and the log's origin, is {@code
 * ORIGIN_HOST/TENANT}. The seed is read only here, and only to build the signer.
 */
public final class LedgerSigningKeys implements SigningKeys {
  private final Path folder;
  private final String originHost;
  private final SecureRandom random;
  // Signers are read from disk once: checkpoints and exports ask for them often.
  private final Map<TenantId, Ed25519NoteSigner> signers = new HashMap<>();

  public LedgerSigningKeys(Path dataDirectory, String originHost, SecureRandom random) {
    this.folder = dataDirectory.resolve("ledger-keys");
    this.originHost = originHost;
    this.random = random;
  }

  /** The log's origin for a tenant, for example {@code sallyport.local/acme}. */
  @Override
  public String origin(TenantId tenant) {
    return originHost + "/" + tenant.value();
  }

  /** The tenant's signer, creating its key when it has none yet. */
  @Override
  public synchronized Ed25519NoteSigner signer(TenantId tenant) {
    Ed25519NoteSigner known = signers.get(tenant);
    if (known != null) {
      return known;
    }
    Path seedFile = folder.resolve(tenant.value() + ".seed");
    try {
      if (!Files.exists(seedFile)) {
        create(tenant, seedFile);
      }
      byte[] seed = Files.readAllBytes(seedFile);
      Ed25519NoteSigner signer = Ed25519NoteSigner.fromSeed(origin(tenant), seed);
      signers.put(tenant, signer);
      return signer;
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("cannot read or create the ledger key of tenant " + tenant, e);
    }
  }

  /** Writes a new random seed, unless another process has just written one (then that one). */
  private void create(TenantId tenant, Path seedFile) throws IOException {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    try {
      PrivateFile.createOnce(seedFile, seed);
    } finally {
      java.util.Arrays.fill(seed, (byte) 0);
    }
  }
}
