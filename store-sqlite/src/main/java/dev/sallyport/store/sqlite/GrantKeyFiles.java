package dev.sallyport.store.sqlite;

import static java.util.Objects.requireNonNull;

import dev.sallyport.grant.Ed25519SigningKey;
import dev.sallyport.grant.Ed25519VerifyingKey;
import dev.sallyport.grant.GrantAlgorithm;
import dev.sallyport.grant.GrantKey;
import dev.sallyport.grant.GrantKeyset;
import dev.sallyport.grant.GrantKeysets;
import dev.sallyport.grant.HmacSha256Key;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each tenant's grant key as files in {@code DATA/grant-keys/}, the way {@link LedgerSigningKeys}
 * keeps ledger keys:
 *
 * <ul>
 *   <li>Ed25519 (the default): {@code TENANT.ed25519} holds the 32-byte seed (mode 0600), and
 *       {@code TENANT.ed25519.pub} the public key as 64 hex digits, the one file an executor in
 *       another process needs: with it, it verifies and cannot forge.
 *   <li>HMAC-SHA256: {@code TENANT.hmac} holds the 32-byte secret (mode 0600); whoever verifies
 *       holds it too.
 * </ul>
 *
 * <p>The key id is derived from the key ({@code ed-} and 16 hex digits of the SHA-256 of the public
 * key; {@code hs-} and 16 hex digits of an HMAC of a fixed label under the secret), so the gateway
 * and an executor that read the same key agree on its id without a manifest. One key per tenant:
 * rotating persisted keys (the keyset already supports it) is future work.
 *
 * <p>{@link #signing} creates a missing key on first use; {@link #verifying} never creates one, and
 * a tenant without its file has an empty keyset, which refuses every grant.
 */
public final class GrantKeyFiles implements GrantKeysets {
  private static final String FOLDER = "grant-keys";
  private static final byte[] KEY_ID_LABEL =
      "sallyport grant key id v1".getBytes(StandardCharsets.US_ASCII);

  private final Path folder;
  private final GrantAlgorithm algorithm;
  private final boolean sign;
  private final SecureRandom random;
  // Keys are read from disk once per tenant: every grant asks for them.
  private final Map<TenantId, GrantKeyset> keysets = new ConcurrentHashMap<>();

  private GrantKeyFiles(Path data, GrantAlgorithm algorithm, boolean sign, SecureRandom random) {
    this.folder = requireNonNull(data, "data is null").resolve(FOLDER);
    this.algorithm = requireNonNull(algorithm, "algorithm is null");
    this.sign = sign;
    this.random = random;
  }

  /** The gatekeeper's keys in {@code data}, created on first use with {@code random}. */
  public static GrantKeyFiles signing(Path data, GrantAlgorithm algorithm, SecureRandom random) {
    return new GrantKeyFiles(data, algorithm, true, requireNonNull(random, "random is null"));
  }

  /**
   * An executor's keys in {@code data}: Ed25519 public keys only (the seed file is never opened),
   * or the shared HMAC secret. Never creates a key.
   */
  public static GrantKeyFiles verifying(Path data, GrantAlgorithm algorithm) {
    return new GrantKeyFiles(data, algorithm, false, null);
  }

  /**
   * What a verifier in the same process holds: for Ed25519 the public halves only, so that even the
   * in-process verifier works with what a separate executor would have.
   */
  public GrantKeysets verifyingView() {
    return tenant -> forTenant(tenant).withoutSecrets();
  }

  public GrantAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * @throws StoreException when a key file cannot be read, created, or holds no valid key
   */
  @Override
  public GrantKeyset forTenant(TenantId tenant) {
    requireNonNull(tenant, "tenant is null");
    return keysets.computeIfAbsent(tenant, this::load);
  }

  private GrantKeyset load(TenantId tenant) {
    try {
      GrantKey key =
          switch (algorithm) {
            case ED25519 -> sign ? ed25519Signing(tenant) : ed25519Verifying(tenant);
            case HMAC_SHA256 -> hmac(tenant);
          };
      if (key == null) {
        return GrantKeyset.empty(tenant);
      }
      return key.canSign()
          ? GrantKeyset.withPrimary(tenant, key)
          : GrantKeyset.empty(tenant).withKey(key);
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("cannot read or create the grant key of tenant " + tenant, e);
    }
  }

  private GrantKey ed25519Signing(TenantId tenant) throws IOException {
    Path seedFile = folder.resolve(tenant.value() + ".ed25519");
    Path publicFile = folder.resolve(tenant.value() + ".ed25519.pub");
    if (!Files.exists(seedFile)) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      try {
        createPrivate(seedFile, seed);
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    }
    byte[] seed = Files.readAllBytes(seedFile);
    try {
      Ed25519SigningKey probe = Ed25519SigningKey.fromSeed("probe", seed);
      byte[] publicKey = probe.verifyingKey().publicKeyBytes();
      Ed25519SigningKey key = Ed25519SigningKey.fromSeed(ed25519KeyId(publicKey), seed);
      String hex = HexFormat.of().formatHex(publicKey) + "\n";
      if (!Files.exists(publicFile) || !Files.readString(publicFile).equals(hex)) {
        // Public, so no care for permissions; rewritten if it does not match the seed.
        Files.writeString(publicFile, hex, StandardCharsets.US_ASCII);
      }
      return key;
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  private GrantKey ed25519Verifying(TenantId tenant) throws IOException {
    Path publicFile = folder.resolve(tenant.value() + ".ed25519.pub");
    if (!Files.exists(publicFile)) {
      return null;
    }
    byte[] publicKey = HexFormat.of().parseHex(Files.readString(publicFile).strip());
    return Ed25519VerifyingKey.fromPublicKey(ed25519KeyId(publicKey), publicKey);
  }

  private GrantKey hmac(TenantId tenant) throws IOException {
    Path secretFile = folder.resolve(tenant.value() + ".hmac");
    if (!Files.exists(secretFile)) {
      if (!sign) {
        return null;
      }
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      try {
        createPrivate(secretFile, secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    byte[] secret = Files.readAllBytes(secretFile);
    try {
      return HmacSha256Key.fromSecret(hmacKeyId(secret), secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static String ed25519KeyId(byte[] publicKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey);
      return "ed-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** An HMAC of a fixed label: names the secret without revealing anything about it. */
  private static String hmacKeyId(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "hs-" + HexFormat.of().formatHex(mac.doFinal(KEY_ID_LABEL), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** Writes secret bytes once, private from the first byte (see {@link PrivateFile}). */
  private void createPrivate(Path file, byte[] bytes) throws IOException {
    PrivateFile.createOnce(file, bytes);
  }
}
