package dev.sallyport.store.sqlite;

import static java.util.Objects.requireNonNull;

import dev.sallyport.approval.ApprovalKeys;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Each tenant's approval key pair: an Ed25519 seed in {@code DATA/approval-keys/TENANT.seed} (mode
 * 0600), created on first use the way {@link LedgerSigningKeys} creates ledger keys (a private
 * temporary file, synced, then linked to its name). Kept on disk so that approval links already
 * sent, and the signed records of decisions, still verify after a restart. Only the deployment's
 * tenants have keys: another tenant, named for example by a forged link, has none, and no file is
 * ever created for it.
 */
public final class ApprovalKeyFiles implements ApprovalKeys {
  private static final String FOLDER = "approval-keys";
  // The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 key bytes.
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final Path folder;
  private final Set<TenantId> tenants;
  private final SecureRandom random;
  // Read from disk once per tenant: every link and every decision record asks for it.
  private final Map<TenantId, KeyPair> pairs = new ConcurrentHashMap<>();

  /**
   * @param tenants the deployment's tenants, the only ones that have keys
   */
  public ApprovalKeyFiles(Path data, Set<TenantId> tenants, SecureRandom random) {
    this.folder = requireNonNull(data, "data is null").resolve(FOLDER);
    this.tenants = Set.copyOf(tenants);
    this.random = requireNonNull(random, "random is null");
  }

  /**
   * The tenant's key pair, created when it has none yet; empty for a tenant not in the deployment.
   *
   * @throws StoreException when the key cannot be read or created: nothing is signed then
   */
  @Override
  public Optional<KeyPair> of(TenantId tenant) {
    if (!tenants.contains(tenant)) {
      return Optional.empty();
    }
    return Optional.of(pairs.computeIfAbsent(tenant, this::load));
  }

  private KeyPair load(TenantId tenant) {
    Path seedFile = folder.resolve(tenant.value() + ".seed");
    byte[] seed = null;
    try {
      if (!Files.exists(seedFile)) {
        create(tenant, seedFile);
      }
      seed = Files.readAllBytes(seedFile);
      if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
        throw new StoreException("the approval key of tenant " + tenant + " is not 32 bytes", null);
      }
      return pair(seed);
    } catch (IOException | GeneralSecurityException e) {
      throw new StoreException("cannot read or create the approval key of tenant " + tenant, e);
    } finally {
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }

  /** The JDK key pair of a 32-byte RFC 8032 seed. */
  static KeyPair pair(byte[] seed) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    byte[] publicKey = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + publicKey.length);
    System.arraycopy(publicKey, 0, encoded, X509_PREFIX.length, publicKey.length);
    return new KeyPair(
        factory.generatePublic(new X509EncodedKeySpec(encoded)),
        factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
  }

  /** Writes a new random seed, unless another process has just written one (then that one). */
  private void create(TenantId tenant, Path seedFile) throws IOException {
    byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
    random.nextBytes(seed);
    try {
      PrivateFile.createOnce(seedFile, seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }
}
