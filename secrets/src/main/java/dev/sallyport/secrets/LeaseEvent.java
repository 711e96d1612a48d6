package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What happened to a lease, for the ledger. Every component is an id, a reference, a time or a
 * code: nothing here can hold a credential. {@link #type()}, {@link #outcome()} and {@link
 * #reasonCode()} map onto a ledger event's {@code type}, {@code outcome} and {@code reason}.
 */
public sealed interface LeaseEvent {
  TenantId tenant();

  SecretReference reference();

  Optional<String> actionId();

  Instant time();

  /** {@code lease.granted}, {@code lease.renewed}, {@code lease.revoked}, ... */
  String type();

  /** {@code ok} or {@code error}. */
  String outcome();

  /** A stable lower-case code. */
  String reasonCode();

  /** Why a lease ended. */
  enum RevocationCause {
    /** The caller closed it: the normal end, right after the call. */
    CLOSED,
    /** Its TTL passed before the caller closed it; the reaper revoked it. */
    EXPIRED,
    /** The tenant's credentials were revoked at once (kill switch). */
    TENANT_REVOKED,
    /** The broker shut down. */
    SHUTDOWN,
    /** Revocation kept failing until the store's own lease ran out, which ended the credential. */
    EXPIRED_IN_STORE;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A credential was handed out.
   *
   * @param storeLeaseId the store's lease id (Vault's {@code lease_id}), to revoke by hand if ever
   *     needed
   */
  record Granted(
      String leaseId,
      TenantId tenant,
      SecretReference reference,
      Optional<String> actionId,
      Instant time,
      Instant expiresAt,
      Optional<String> storeLeaseId)
      implements LeaseEvent {
    public Granted {
      requireNonNull(leaseId, "leaseId is null");
      requireNonNull(tenant, "tenant is null");
      requireNonNull(reference, "reference is null");
      requireNonNull(actionId, "actionId is null");
      requireNonNull(time, "time is null");
      requireNonNull(expiresAt, "expiresAt is null");
      requireNonNull(storeLeaseId, "storeLeaseId is null");
    }

    @Override
    public String type() {
      return "lease.granted";
    }

    @Override
    public String outcome() {
      return "ok";
    }

    @Override
    public String reasonCode() {
      return "granted";
    }
  }

  /** A lease was extended. */
  record Renewed(
      String leaseId,
      TenantId tenant,
      SecretReference reference,
      Optional<String> actionId,
      Instant time,
      Instant expiresAt)
      implements LeaseEvent {
    public Renewed {
      requireNonNull(leaseId, "leaseId is null");
      requireNonNull(tenant, "tenant is null");
      requireNonNull(reference, "reference is null");
      requireNonNull(actionId, "actionId is null");
      requireNonNull(time, "time is null");
      requireNonNull(expiresAt, "expiresAt is null");
    }

    @Override
    public String type() {
      return "lease.renewed";
    }

    @Override
    public String outcome() {
      return "ok";
    }

    @Override
    public String reasonCode() {
      return "renewed";
    }
  }

  /** A lease ended: revoked at the store (when it issued the credential) and wiped here. */
  record Revoked(
      String leaseId,
      TenantId tenant,
      SecretReference reference,
      Optional<String> actionId,
      Instant time,
      RevocationCause cause)
      implements LeaseEvent {
    public Revoked {
      requireNonNull(leaseId, "leaseId is null");
      requireNonNull(tenant, "tenant is null");
      requireNonNull(reference, "reference is null");
      requireNonNull(actionId, "actionId is null");
      requireNonNull(time, "time is null");
      requireNonNull(cause, "cause is null");
    }

    @Override
    public String type() {
      return "lease.revoked";
    }

    @Override
    public String outcome() {
      return "ok";
    }

    @Override
    public String reasonCode() {
      return cause.code();
    }
  }

  /**
   * The store did not confirm a revocation. The value is wiped here all the same; the broker
   * retries the store until it confirms or the store's own lease has run out.
   */
  record RevokeFailed(
      String leaseId,
      TenantId tenant,
      SecretReference reference,
      Optional<String> actionId,
      Instant time,
      Optional<String> storeLeaseId,
      Reason reason)
      implements LeaseEvent {
    public RevokeFailed {
      requireNonNull(leaseId, "leaseId is null");
      requireNonNull(tenant, "tenant is null");
      requireNonNull(reference, "reference is null");
      requireNonNull(actionId, "actionId is null");
      requireNonNull(time, "time is null");
      requireNonNull(storeLeaseId, "storeLeaseId is null");
      requireNonNull(reason, "reason is null");
    }

    @Override
    public String type() {
      return "lease.revoke_failed";
    }

    @Override
    public String outcome() {
      return "error";
    }

    @Override
    public String reasonCode() {
      return reason.code();
    }
  }

  /**
   * No credential: a lease was refused, or a renewal failed.
   *
   * @param leaseId the lease whose renewal failed, or empty when no lease was granted
   */
  record Failed(
      Optional<String> leaseId,
      TenantId tenant,
      SecretReference reference,
      Optional<String> actionId,
      Instant time,
      Reason reason)
      implements LeaseEvent {
    public Failed {
      requireNonNull(leaseId, "leaseId is null");
      requireNonNull(tenant, "tenant is null");
      requireNonNull(reference, "reference is null");
      requireNonNull(actionId, "actionId is null");
      requireNonNull(time, "time is null");
      requireNonNull(reason, "reason is null");
    }

    @Override
    public String type() {
      return "lease.failed";
    }

    @Override
    public String outcome() {
      return "error";
    }

    @Override
    public String reasonCode() {
      return reason.code();
    }
  }
}
