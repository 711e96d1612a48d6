package dev.sallyport.secrets;

/**
 * Where {@link CredentialBroker} reports what happened to leases; the executor writes each event to
 * the tenant's ledger as a {@code lease.*} event. Events carry ids and references, never values.
 *
 * <p>{@link #record} SHOULD return only once the event is durable. If it throws for a {@link
 * LeaseEvent.Granted}, the broker revokes the credential and refuses the lease: a credential is
 * never used without a record that it was handed out. Failures to record later events are logged,
 * since the credential is already gone.
 */
@FunctionalInterface
public interface LeaseAudit {
  void record(LeaseEvent event);
}
