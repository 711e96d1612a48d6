package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A credential held for one execution. Use it in a try-with-resources block around the call:
 *
 * <pre>{@code
 * try (Lease lease = broker.lease(tenant, reference)) {
 *   char[] token = lease.secret().revealChars();
 *   try {
 *     // call the tool with it
 *   } finally {
 *     Arrays.fill(token, '\0');
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #close()} revokes the credential at the store (when the store issued it) and wipes the
 * values, on success and on failure alike. It is idempotent and never throws: a revocation the
 * store does not confirm is recorded ({@code lease.revoke_failed}) and retried by the broker. If
 * the caller never closes the lease, the broker's reaper does once {@link #expiresAt()} passes.
 *
 * <p>{@link #toString()} names the lease, never a value. Thread-safe.
 */
public final class Lease implements AutoCloseable {
  private final String id;
  private final TenantId tenant;
  private final SecretReference reference;
  private final Optional<String> actionId;
  private final Instant grantedAt;
  private final StoreLease storeLease;
  private final CredentialBroker broker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Instant expiresAt;
  private volatile Instant storeExpiresAt;

  Lease(
      String id,
      LeaseRequest request,
      Instant grantedAt,
      Instant expiresAt,
      StoreLease storeLease,
      CredentialBroker broker) {
    this.id = requireNonNull(id, "id is null");
    this.tenant = request.tenant();
    this.reference = request.reference();
    this.actionId = request.actionId();
    this.grantedAt = requireNonNull(grantedAt, "grantedAt is null");
    this.expiresAt = requireNonNull(expiresAt, "expiresAt is null");
    this.storeLease = requireNonNull(storeLease, "storeLease is null");
    this.broker = requireNonNull(broker, "broker is null");
    this.storeExpiresAt = storeExpiry(grantedAt, storeLease.duration());
  }

  /** The broker's id for this lease, written in every {@code lease.*} event. */
  public String id() {
    return id;
  }

  public TenantId tenant() {
    return tenant;
  }

  public SecretReference reference() {
    return reference;
  }

  public Optional<String> actionId() {
    return actionId;
  }

  public Instant grantedAt() {
    return grantedAt;
  }

  /** When the reaper revokes the lease if it is still open. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * The credential, for references that name one value (files, variables, KV fields, a dynamic
   * secret's {@code #field}).
   *
   * @throws IllegalStateException if the lease is closed, or holds several fields (a dynamic secret
   *     without {@code #field}: use {@link #field})
   */
  public Secret secret() {
    Map<String, Secret> fields = liveFields();
    if (fields.size() != 1) {
      throw new IllegalStateException(
          "lease "
              + id
              + " of "
              + reference
              + " holds the fields "
              + fields.keySet()
              + "; name one with field(name)");
    }
    return fields.values().iterator().next();
  }

  /**
   * One field of the credential, such as {@code username} or {@code password} of a database secret.
   *
   * @throws IllegalStateException if the lease is closed
   * @throws IllegalArgumentException if there is no such field
   */
  public Secret field(String name) {
    requireNonNull(name, "name is null");
    Secret value = liveFields().get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "lease " + id + " of " + reference + " has no field " + name);
    }
    return value;
  }

  /** The names of the fields, in the store's order. */
  public Set<String> fieldNames() {
    return liveFields().keySet();
  }

  /**
   * Extends the lease by {@code increment} from now (at the store too, for issued credentials).
   *
   * @throws SecretUnavailableException if the lease is closed or expired, the increment is out of
   *     bounds, or the store refuses; the lease then keeps its current expiry
   */
  public void renew(Duration increment) throws SecretUnavailableException {
    broker.renew(this, increment);
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Revokes and wipes. Idempotent; never throws. */
  @Override
  public void close() {
    broker.release(this, LeaseEvent.RevocationCause.CLOSED);
  }

  @Override
  public String toString() {
    return "Lease[id="
        + id
        + ", tenant="
        + tenant
        + ", reference="
        + reference
        + ", expiresAt="
        + expiresAt
        + (closed.get() ? ", closed" : "")
        + "]";
  }

  StoreLease storeLease() {
    return storeLease;
  }

  /** When the store ends the credential by itself, or {@link Instant#MAX} if it never does. */
  Instant storeExpiresAt() {
    return storeExpiresAt;
  }

  /** True for exactly one caller: the one that ends the lease. */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  void extend(Instant now, Instant newExpiry, Duration storeGranted) {
    this.expiresAt = newExpiry;
    // A store that issued nothing (duration zero) never ends the credential by itself.
    if (!storeLease.duration().isZero()) {
      this.storeExpiresAt = storeExpiry(now, storeGranted);
    }
  }

  void wipe() {
    storeLease.fields().values().forEach(Secret::close);
  }

  private Map<String, Secret> liveFields() {
    if (closed.get()) {
      throw new IllegalStateException("lease " + id + " of " + reference + " is closed");
    }
    return storeLease.fields();
  }

  private static Instant storeExpiry(Instant from, Duration duration) {
    return duration.isZero() ? Instant.MAX : from.plus(duration);
  }
}
