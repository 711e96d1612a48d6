package dev.sallyport.ledger;

import dev.sallyport.model.TenantId;
import java.util.List;

/**
 * The one interface through which every stage records what it did. Implementations are
 * per-deployment; each tenant has its own log.
 */
public interface AuditLog extends AutoCloseable {
  /**
   * Appends one event to its tenant's log.
   *
   * <p>MUST return only after the event is durable. MUST throw {@link AuditUnavailableException}
   * when it cannot guarantee that; callers treat that as a reason to deny and to not act.
   *
   * @return the index of the event in its tenant's log, counting from 0
   */
  long append(AuditEvent event);

  /** Events of one tenant from index {@code from} (inclusive), at most {@code limit} of them. */
  List<AuditEvent> read(TenantId tenant, long from, int limit);

  /** Number of events in the tenant's log. */
  long size(TenantId tenant);

  /** True when the log can take writes now; used by readiness checks. */
  boolean isWritable();

  @Override
  void close();
}
