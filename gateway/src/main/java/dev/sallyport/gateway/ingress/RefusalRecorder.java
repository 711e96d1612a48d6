package dev.sallyport.gateway.ingress;

import static java.util.Objects.requireNonNull;

import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.model.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records ingress refusals in the ledger at a bounded rate, so that a flood of refused requests
 * cannot become a flood of ledger appends: at most one event per route group and source prefix
 * ({@code /24} for IPv4, {@code /64} for IPv6) per {@link #WINDOW}, and deployment-wide at most
 * {@link #BURST} events at once, refilled at one per {@link #REFILL}. Each event carries the number
 * of refusals since the previous one that were not recorded one by one, so that the events still
 * add up to every refusal.
 *
 * <p>A refusal happens before any tenant is known, and the ledger has no log above the tenants'
 * own: every event goes to every tenant's log, since a refusal is at every tenant's door. The
 * memory held is bounded too: only prefixes recorded within the last window are remembered, at most
 * {@code BURST + WINDOW / REFILL} of them.
 */
public final class RefusalRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalRecorder.class);

  /** One event per group and source prefix per window. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  /** Events that may be written at once, deployment-wide. */
  static final int BURST = 10;

  /** The time after which one more event may be written, deployment-wide. */
  static final Duration REFILL = Duration.ofSeconds(1);

  private final AuditRecorder audit;
  private final List<TenantId> tenants;
  private final Clock clock;

  // Guarded by this.
  private final Map<Source, Instant> recordedAt = new HashMap<>();
  private int tokens = BURST;
  private Instant refilledAt;
  private long unrecorded;

  public RefusalRecorder(AuditRecorder audit, Collection<TenantId> tenants, Clock clock) {
    this.audit = requireNonNull(audit, "audit is null");
    this.tenants = tenants.stream().sorted(Comparator.comparing(TenantId::value)).toList();
    this.clock = requireNonNull(clock, "clock is null");
    this.refilledAt = clock.instant();
  }

  /**
   * Counts one refusal and records it unless the limits say it is summarised in a later event.
   * Never throws: the request is refused whether or not its event could be written.
   *
   * @param group the route group's name, or {@code unrouted}
   * @param source the client's prefix, for example {@code 203.0.113.0/24}
   */
  public void refused(String group, String source, RefusalReason reason) {
    long carried;
    synchronized (this) {
      Instant now = clock.instant();
      Source key = new Source(group, source);
      Instant last = recordedAt.get(key);
      if ((last != null && now.isBefore(last.plus(WINDOW))) || !takeToken(now)) {
        unrecorded++;
        return;
      }
      recordedAt.values().removeIf(at -> !now.isBefore(at.plus(WINDOW)));
      recordedAt.put(key, now);
      carried = unrecorded;
      unrecorded = 0;
    }
    // Appended outside the lock: refusals arriving meanwhile are counted, not queued behind fsync.
    try {
      for (TenantId tenant : tenants) {
        audit.ingressRefused(tenant, reason.code(), group, source, carried);
      }
    } catch (RuntimeException e) {
      LOG.error("an ingress refusal could not be recorded: {}", e.getClass().getName());
      // The next event carries them; a tenant whose log did take this one then counts it twice,
      // so after a failure the count is a bound from above, never short.
      synchronized (this) {
        unrecorded += carried + 1;
      }
    }
  }

  private boolean takeToken(Instant now) {
    if (now.isBefore(refilledAt)) {
      // The clock went back: start counting again from here rather than never refill.
      refilledAt = now;
    }
    long periods = Duration.between(refilledAt, now).dividedBy(REFILL);
    if (periods > 0) {
      tokens = (int) Math.min(BURST, tokens + periods);
      refilledAt = tokens == BURST ? now : refilledAt.plus(REFILL.multipliedBy(periods));
    }
    if (tokens == 0) {
      return false;
    }
    tokens--;
    return true;
  }

  private record Source(String group, String prefix) {}
}
