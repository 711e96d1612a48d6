package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One tenant's grant keys by key id, each with a {@link KeyStatus}: the {@code PRIMARY} key signs,
 * {@code ENABLED} keys verify, {@code RETIRED} keys never verify again. Immutable: every change
 * returns a new keyset, which a {@link GrantKeysets} source swaps in atomically.
 *
 * <p>Rotation without downtime, in three published steps, each given time to reach every executor
 * before the next:
 *
 * <ol>
 *   <li>{@link #withKey} the new key: it verifies but does not sign yet;
 *   <li>{@link #promote} it: it signs; the previous primary stays {@code ENABLED}, so grants
 *       already in flight still verify;
 *   <li>{@link #retire} the old key once its last grant has expired ({@link Grant#MAX_LIFETIME} at
 *       most).
 * </ol>
 *
 * <p>Key ids are never reused: a retired key keeps its id, and adding a key under a known id fails.
 */
public final class GrantKeyset {
  /** A key and its status. */
  record Entry(GrantKey key, KeyStatus status) {}

  private final TenantId tenant;
  private final Map<String, Entry> entries;
  private final Optional<GrantKey> primary;

  private GrantKeyset(TenantId tenant, Map<String, Entry> entries) {
    this.tenant = tenant;
    this.entries = Collections.unmodifiableMap(entries);
    this.primary =
        entries.values().stream()
            .filter(entry -> entry.status() == KeyStatus.PRIMARY)
            .map(Entry::key)
            .findFirst();
  }

  /** A keyset with no keys: signs nothing, verifies nothing. */
  public static GrantKeyset empty(TenantId tenant) {
    return new GrantKeyset(requireNonNull(tenant, "tenant is null"), new LinkedHashMap<>());
  }

  /** A keyset whose only key is {@code key}, as primary: for a new tenant and for tests. */
  public static GrantKeyset withPrimary(TenantId tenant, GrantKey key) {
    return empty(tenant).withKey(key).promote(key.keyId());
  }

  public TenantId tenant() {
    return tenant;
  }

  /** The key that signs, if any. */
  public Optional<GrantKey> primary() {
    return primary;
  }

  /** The status of {@code keyId}, or empty if this keyset never held it. */
  public Optional<KeyStatus> status(String keyId) {
    return Optional.ofNullable(entries.get(keyId)).map(Entry::status);
  }

  /** Every key id, retired ones included, in the order they were added. */
  public Set<String> keyIds() {
    return entries.keySet();
  }

  /**
   * This keyset plus {@code key} as {@code ENABLED}.
   *
   * @throws IllegalArgumentException if the key id is already taken, even by a retired key
   */
  public GrantKeyset withKey(GrantKey key) {
    requireNonNull(key, "key is null");
    if (entries.containsKey(key.keyId())) {
      throw new IllegalArgumentException("key id " + key.keyId() + " is already in the keyset");
    }
    Map<String, Entry> next = new LinkedHashMap<>(entries);
    next.put(key.keyId(), new Entry(key, KeyStatus.ENABLED));
    return new GrantKeyset(tenant, next);
  }

  /**
   * This keyset with {@code keyId} as {@code PRIMARY} and the previous primary {@code ENABLED}.
   *
   * @throws IllegalArgumentException if the key is unknown, retired, or cannot sign
   */
  public GrantKeyset promote(String keyId) {
    Entry entry = existing(keyId);
    if (entry.status() == KeyStatus.RETIRED) {
      throw new IllegalArgumentException("key " + keyId + " is retired and cannot be promoted");
    }
    if (!entry.key().canSign()) {
      throw new IllegalArgumentException("key " + keyId + " cannot sign and cannot be primary");
    }
    Map<String, Entry> next = new LinkedHashMap<>(entries);
    next.replaceAll(
        (id, e) -> e.status() == KeyStatus.PRIMARY ? new Entry(e.key(), KeyStatus.ENABLED) : e);
    next.put(keyId, new Entry(entry.key(), KeyStatus.PRIMARY));
    return new GrantKeyset(tenant, next);
  }

  /**
   * This keyset with {@code keyId} {@code RETIRED}: it never verifies again. Retiring is final.
   *
   * @throws IllegalArgumentException if the key is unknown or is the primary (promote another
   *     first)
   */
  public GrantKeyset retire(String keyId) {
    Entry entry = existing(keyId);
    if (entry.status() == KeyStatus.PRIMARY) {
      throw new IllegalArgumentException("key " + keyId + " is primary; promote another first");
    }
    Map<String, Entry> next = new LinkedHashMap<>(entries);
    next.put(keyId, new Entry(entry.key(), KeyStatus.RETIRED));
    return new GrantKeyset(tenant, next);
  }

  /**
   * What an executor that must not be able to sign holds: Ed25519 keys reduced to their public
   * halves (statuses kept), HMAC keys left out because their secret is what verifies them.
   */
  public GrantKeyset withoutSecrets() {
    Map<String, Entry> next = new LinkedHashMap<>();
    for (Entry entry : entries.values()) {
      switch (entry.key()) {
        case HmacSha256Key hmac -> {
          // A shared secret cannot be made public: an executor without it verifies no HMAC grant.
        }
        case Ed25519SigningKey signing ->
            next.put(signing.keyId(), new Entry(signing.verifyingKey(), entry.status()));
        case Ed25519VerifyingKey verifying -> next.put(verifying.keyId(), entry);
      }
    }
    return new GrantKeyset(tenant, next);
  }

  /** The entry for {@code keyId}, or null. For the verifier. */
  Entry find(String keyId) {
    return entries.get(keyId);
  }

  private Entry existing(String keyId) {
    requireNonNull(keyId, "keyId is null");
    Entry entry = entries.get(keyId);
    if (entry == null) {
      throw new IllegalArgumentException("key " + keyId + " is not in the keyset");
    }
    return entry;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("GrantKeyset[tenant=").append(tenant);
    entries.forEach((id, entry) ->
        out.append(", ")
            .append(id)
            .append('=')
            .append(entry.key().algorithm())
            .append('/')
            .append(entry.status()));
    return out.append(']').toString();
  }
}
