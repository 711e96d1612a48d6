package dev.sallyport.executor;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.TenantId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs once at start, before the executor takes calls: every {@code action.dispatching} without an
 * {@code action.result} after it (the process died between the two) gets an {@code
 * action.unresolved} event, so a person reviews whether it was sent. Nothing is ever retried, not
 * even for tools declared idempotent: a retry of a call that did go out would send twice.
 *
 * <p>Each run ends with an {@code executor.recovered} event; the next run reads the log backwards
 * only down to it, since everything before it was resolved or flagged then. A log whose older
 * events were pruned by retention is read down to the first pruned event.
 */
public final class DispatchRecovery {
  private static final int PAGE = 512;

  private final AuditLog log;
  private final ExecutorAudit audit;

  public DispatchRecovery(AuditLog log, ExecutorAudit audit) {
    this.log = requireNonNull(log, "log is null");
    this.audit = requireNonNull(audit, "audit is null");
  }

  /**
   * Flags the unresolved dispatches of {@code tenant} and records the scan.
   *
   * @return how many were flagged
   * @throws dev.sallyport.ledger.AuditUnavailableException if a flag cannot be recorded: the
   *     executor then MUST NOT start
   */
  public int flagUnresolved(TenantId tenant) {
    Set<String> resolved = new HashSet<>();
    List<Unresolved> unresolved = new ArrayList<>();
    long end = log.size(tenant);
    long scanned = 0;
    scan:
    while (end > 0) {
      long from = Math.max(0, end - PAGE);
      List<AuditEvent> page;
      try {
        page = log.read(tenant, from, (int) (end - from));
      } catch (RuntimeException e) {
        // Retention pruned what lies below; anything there was resolved or flagged long ago.
        break;
      }
      for (int i = page.size() - 1; i >= 0; i--) {
        AuditEvent event = page.get(i);
        scanned++;
        switch (event.type()) {
          case ExecutorAudit.RECOVERED -> {
            break scan;
          }
          case ExecutorAudit.RESULT, ExecutorAudit.UNRESOLVED ->
              event.actionId().ifPresent(resolved::add);
          case ExecutorAudit.DISPATCHING -> {
            if (event.actionId().isPresent() && !resolved.contains(event.actionId().get())) {
              unresolved.add(new Unresolved(event, from + i));
            }
          }
          default -> {
            // Other events say nothing about whether a call went out.
          }
        }
      }
      end = from;
    }
    // Oldest first, so the flags read in the order the dispatches happened.
    for (int i = unresolved.size() - 1; i >= 0; i--) {
      audit.unresolved(unresolved.get(i).event(), unresolved.get(i).index());
    }
    audit.recovered(tenant, scanned, unresolved.size());
    return unresolved.size();
  }

  private record Unresolved(AuditEvent event, long index) {}
}
