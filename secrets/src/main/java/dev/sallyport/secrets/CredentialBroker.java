package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.secrets.LeaseEvent.RevocationCause;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's one entry point for credentials: {@code try (Lease lease = broker.lease(tenant,
 * reference)) { ... }}.
 *
 * <p>A lease is checked against the tenant's paths ({@link TenantPaths}) before any store is asked,
 * fetched from the store for its scheme at that moment, recorded ({@code lease.granted}), and ended
 * by {@link Lease#close()}: revoked at the store when the store issued it, wiped here, recorded
 * ({@code lease.revoked}). A lease nobody closes is ended by {@link #revokeExpired()}, which {@link
 * LeaseReaper} calls every second. A revocation the store does not confirm is retried at every
 * sweep until it succeeds or the store's own lease has run out.
 *
 * <p>Every failure is a {@link SecretUnavailableException} and a {@code lease.failed} event: the
 * caller MUST NOT dispatch without the credential. Logs and events carry ids, references and reason
 * codes, never values.
 *
 * <p>Thread-safe. Time comes from the injected clock, so tests drive expiry by advancing it.
 */
public final class CredentialBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialBroker.class);

  private final Map<SecretReference.Scheme, SecretStore> stores;
  private final TenantPaths paths;
  private final LeaseSettings settings;
  private final LeaseAudit audit;
  private final Clock clock;
  private final TimeOrderedIds ids;
  private final ConcurrentMap<String, Lease> open = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, PendingRevocation> pending = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A lease whose value is wiped but whose revocation the store has not confirmed yet. */
  private record PendingRevocation(Lease lease, RevocationCause cause) {}

  /**
   * @param stores one store per scheme at most; a scheme without a store is refused at lease time
   * @throws IllegalArgumentException if two stores serve the same scheme
   */
  public CredentialBroker(
      List<SecretStore> stores,
      TenantPaths paths,
      LeaseSettings settings,
      LeaseAudit audit,
      Clock clock) {
    requireNonNull(stores, "stores is null");
    Map<SecretReference.Scheme, SecretStore> byScheme = new EnumMap<>(SecretReference.Scheme.class);
    for (SecretStore store : stores) {
      for (SecretReference.Scheme scheme : store.schemes()) {
        if (byScheme.putIfAbsent(scheme, store) != null) {
          throw new IllegalArgumentException(
              "two secret stores serve " + scheme.prefix() + ": references");
        }
      }
    }
    this.stores = byScheme;
    this.paths = requireNonNull(paths, "paths is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.ids = new TimeOrderedIds(clock, new SecureRandom());
  }

  /** A lease with the default TTL. */
  public Lease lease(TenantId tenant, SecretReference reference) throws SecretUnavailableException {
    return lease(LeaseRequest.of(tenant, reference));
  }

  /**
   * Fetches the credential now and holds it until the lease is closed or expires.
   *
   * @throws SecretUnavailableException on every failure, after recording {@code lease.failed};
   *     nothing stays issued
   */
  public Lease lease(LeaseRequest request) throws SecretUnavailableException {
    requireNonNull(request, "request is null");
    Instant now = clock.instant();
    SecretReference reference = request.reference();
    try {
      if (closed) {
        throw new SecretUnavailableException(
            reference, Reason.UNAVAILABLE, "the credential broker is shut down");
      }
      Duration ttl = request.ttl().orElse(settings.defaultTtl());
      checkDuration(reference, ttl, "TTL");
      paths.checkOwnedBy(request.tenant(), reference);
      SecretStore store = stores.get(reference.scheme());
      if (store == null) {
        throw new SecretUnavailableException(
            reference,
            Reason.NOT_CONFIGURED,
            "no secret store is configured for " + reference.scheme().prefix() + ": references");
      }
      return grant(request, fetch(store, request, ttl), ttl, now);
    } catch (SecretUnavailableException e) {
      LOG.warn("lease refused for tenant {}: {}", request.tenant(), e.getMessage());
      recordQuietly(
          new LeaseEvent.Failed(
              Optional.empty(), request.tenant(), reference, request.actionId(), now, e.reason()));
      throw e;
    }
  }

  /**
   * Ends every lease whose TTL has passed, and retries revocations the store has not confirmed.
   * {@link LeaseReaper} calls it; tests call it after advancing the clock.
   *
   * @return how many leases expired in this sweep
   */
  public int revokeExpired() {
    Instant now = clock.instant();
    int expired = 0;
    for (Lease lease : open.values()) {
      if (!now.isBefore(lease.expiresAt())) {
        release(lease, RevocationCause.EXPIRED);
        expired++;
      }
    }
    retryPending(now);
    return expired;
  }

  /**
   * Ends every open lease of {@code tenant} at once: the tenant's kill switch.
   *
   * @return how many leases were open
   */
  public int revokeAll(TenantId tenant) {
    requireNonNull(tenant, "tenant is null");
    int count = 0;
    for (Lease lease : open.values()) {
      if (lease.tenant().equals(tenant)) {
        release(lease, RevocationCause.TENANT_REVOKED);
        count++;
      }
    }
    return count;
  }

  /** How many leases are open now. */
  public int openLeases() {
    return open.size();
  }

  /** How many revocations the store has not confirmed yet. */
  public int pendingRevocations() {
    return pending.size();
  }

  /** Refuses new leases, ends every open one and retries unconfirmed revocations once. */
  @Override
  public void close() {
    closed = true;
    for (Lease lease : open.values()) {
      release(lease, RevocationCause.SHUTDOWN);
    }
    retryPending(clock.instant());
    if (!pending.isEmpty()) {
      LOG.warn(
          "{} leases were not confirmed revoked at shutdown; their stores end them at their TTL",
          pending.size());
    }
  }

  @Override
  public String toString() {
    return "CredentialBroker[stores=" + stores.keySet() + ", open=" + open.size() + "]";
  }

  private StoreLease fetch(SecretStore store, LeaseRequest request, Duration ttl)
      throws SecretUnavailableException {
    StoreLease issued;
    try {
      issued = store.lease(request.tenant(), request.reference(), ttl);
    } catch (RuntimeException e) {
      // A store's bug is still no credential; its message is not ours to repeat.
      throw new SecretUnavailableException(
          request.reference(),
          Reason.UNAVAILABLE,
          "the store failed (" + e.getClass().getSimpleName() + ")");
    }
    if (issued == null || issued.fields().isEmpty()) {
      if (issued != null) {
        revokeQuietly(issued);
      }
      throw new SecretUnavailableException(
          request.reference(), Reason.MALFORMED, "the store returned no value");
    }
    return issued;
  }

  private Lease grant(LeaseRequest request, StoreLease issued, Duration ttl, Instant now)
      throws SecretUnavailableException {
    Duration granted = issued.duration();
    Duration lifetime = !granted.isZero() && granted.compareTo(ttl) < 0 ? granted : ttl;
    Lease lease = new Lease(ids.next(), request, now, now.plus(lifetime), issued, this);
    open.put(lease.id(), lease);
    try {
      audit.record(
          new LeaseEvent.Granted(
              lease.id(),
              lease.tenant(),
              lease.reference(),
              lease.actionId(),
              now,
              lease.expiresAt(),
              issued.storeLeaseId()));
    } catch (RuntimeException e) {
      // Never hand out a credential that the ledger does not know about.
      open.remove(lease.id());
      if (lease.markClosed()) {
        try {
          revokeAtStore(lease, RevocationCause.CLOSED, clock.instant());
        } finally {
          lease.wipe();
        }
      }
      throw new SecretUnavailableException(
          request.reference(),
          Reason.AUDIT_UNAVAILABLE,
          "the lease could not be recorded, so it was revoked");
    }
    if (closed) {
      release(lease, RevocationCause.SHUTDOWN);
      throw new SecretUnavailableException(
          request.reference(), Reason.UNAVAILABLE, "the credential broker is shut down");
    }
    return lease;
  }

  void renew(Lease lease, Duration increment) throws SecretUnavailableException {
    requireNonNull(increment, "increment is null");
    Instant now = clock.instant();
    try {
      if (lease.isClosed()) {
        throw new SecretUnavailableException(
            lease.reference(), Reason.NOT_RENEWABLE, "lease " + lease.id() + " is closed");
      }
      if (!now.isBefore(lease.expiresAt())) {
        release(lease, RevocationCause.EXPIRED);
        throw new SecretUnavailableException(
            lease.reference(), Reason.NOT_RENEWABLE, "lease " + lease.id() + " has expired");
      }
      checkDuration(lease.reference(), increment, "renewal increment");
      Duration granted;
      try {
        granted = lease.storeLease().renew(increment);
      } catch (RuntimeException e) {
        throw new SecretUnavailableException(
            lease.reference(),
            Reason.UNAVAILABLE,
            "the store failed (" + e.getClass().getSimpleName() + ")");
      }
      if (granted == null || granted.isNegative() || granted.isZero()) {
        throw new SecretUnavailableException(
            lease.reference(), Reason.NOT_RENEWABLE, "the store granted no more time");
      }
      Duration lifetime = granted.compareTo(increment) < 0 ? granted : increment;
      lease.extend(now, now.plus(lifetime), granted);
      recordQuietly(
          new LeaseEvent.Renewed(
              lease.id(),
              lease.tenant(),
              lease.reference(),
              lease.actionId(),
              now,
              lease.expiresAt()));
    } catch (SecretUnavailableException e) {
      LOG.warn(
          "lease {} not renewed for tenant {}: {}", lease.id(), lease.tenant(), e.getMessage());
      recordQuietly(
          new LeaseEvent.Failed(
              Optional.of(lease.id()),
              lease.tenant(),
              lease.reference(),
              lease.actionId(),
              now,
              e.reason()));
      throw e;
    }
  }

  /** Ends a lease once: revoke at the store, wipe, record. Never throws. */
  void release(Lease lease, RevocationCause cause) {
    if (!lease.markClosed()) {
      return;
    }
    open.remove(lease.id());
    try {
      revokeAtStore(lease, cause, clock.instant());
    } finally {
      lease.wipe();
    }
  }

  private void revokeAtStore(Lease lease, RevocationCause cause, Instant now) {
    Reason failure;
    try {
      lease.storeLease().revoke();
      recordQuietly(
          new LeaseEvent.Revoked(
              lease.id(), lease.tenant(), lease.reference(), lease.actionId(), now, cause));
      return;
    } catch (SecretUnavailableException e) {
      failure = e.reason();
      LOG.warn(
          "lease {} for tenant {} not confirmed revoked, will retry: {}",
          lease.id(),
          lease.tenant(),
          e.getMessage());
    } catch (RuntimeException e) {
      failure = Reason.UNAVAILABLE;
      LOG.warn(
          "lease {} of {} for tenant {} not confirmed revoked, will retry: the store failed ({})",
          lease.id(),
          lease.reference(),
          lease.tenant(),
          e.getClass().getSimpleName());
    }
    pending.put(lease.id(), new PendingRevocation(lease, cause));
    recordQuietly(
        new LeaseEvent.RevokeFailed(
            lease.id(),
            lease.tenant(),
            lease.reference(),
            lease.actionId(),
            now,
            lease.storeLease().storeLeaseId(),
            failure));
  }

  private void retryPending(Instant now) {
    for (PendingRevocation entry : pending.values()) {
      Lease lease = entry.lease();
      if (!now.isBefore(lease.storeExpiresAt())) {
        pending.remove(lease.id());
        recordQuietly(
            new LeaseEvent.Revoked(
                lease.id(),
                lease.tenant(),
                lease.reference(),
                lease.actionId(),
                now,
                RevocationCause.EXPIRED_IN_STORE));
        continue;
      }
      try {
        lease.storeLease().revoke();
      } catch (SecretUnavailableException | RuntimeException e) {
        LOG.debug("lease {} still not confirmed revoked", lease.id());
        continue;
      }
      pending.remove(lease.id());
      recordQuietly(
          new LeaseEvent.Revoked(
              lease.id(), lease.tenant(), lease.reference(), lease.actionId(), now, entry.cause()));
    }
  }

  private void revokeQuietly(StoreLease issued) {
    try {
      issued.revoke();
    } catch (SecretUnavailableException | RuntimeException e) {
      LOG.warn("an unusable store lease could not be revoked ({})", e.getClass().getSimpleName());
    } finally {
      issued.fields().values().forEach(Secret::close);
    }
  }

  private void checkDuration(SecretReference reference, Duration duration, String what)
      throws SecretUnavailableException {
    if (duration.isNegative() || duration.isZero() || duration.compareTo(settings.maxTtl()) > 0) {
      throw new SecretUnavailableException(
          reference,
          Reason.INVALID_REQUEST,
          "the " + what + " must be above zero and at most " + settings.maxTtl());
    }
  }

  private void recordQuietly(LeaseEvent event) {
    try {
      audit.record(event);
    } catch (RuntimeException e) {
      LOG.error(
          "{} for lease of {} could not be recorded ({})",
          event.type(),
          event.reference(),
          e.getClass().getSimpleName());
    }
  }
}
