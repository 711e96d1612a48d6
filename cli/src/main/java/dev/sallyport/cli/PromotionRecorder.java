package dev.sallyport.cli;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.store.sqlite.SqliteAgentStandings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes promotions take effect while {@code serve} runs: {@code agents promote} (another process,
 * which must not write the ledger this process keeps in memory) only writes the promotion to
 * SQLite; every second, and once at start, this records each new one as {@code agent.promoted} in
 * the tenant's ledger and only then marks it recorded, from which moment the agent runs for real. A
 * promotion is thus never in effect without its ledger record.
 */
final class PromotionRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionRecorder.class);

  /** The type of the ledger event. */
  static final String PROMOTED = "agent.promoted";

  private final SqliteAgentStandings standings;
  private final Set<TenantId> tenants;
  private final AuditLog audit;
  private final Clock clock;
  private final TimeOrderedIds ids;
  private final ScheduledExecutorService executor;

  private PromotionRecorder(
      SqliteAgentStandings standings, Set<TenantId> tenants, AuditLog audit, Clock clock) {
    this.standings = requireNonNull(standings, "standings is null");
    this.tenants = Set.copyOf(tenants);
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.ids = new TimeOrderedIds(clock, new SecureRandom());
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("agent-promotions").factory());
  }

  /** Records what is pending now in each tenant, then every second in the background. */
  static PromotionRecorder start(
      SqliteAgentStandings standings, Set<TenantId> tenants, AuditLog audit, Clock clock) {
    PromotionRecorder recorder = new PromotionRecorder(standings, tenants, audit, clock);
    recorder.recordPending();
    recorder.executor.scheduleWithFixedDelay(recorder::recordQuietly, 1, 1, TimeUnit.SECONDS);
    return recorder;
  }

  /**
   * Records every written, unrecorded promotion.
   *
   * @return how many took effect
   */
  int recordPending() {
    int recorded = 0;
    for (TenantId tenant : tenants) {
      recorded += recordPending(tenant);
    }
    return recorded;
  }

  private int recordPending(TenantId tenant) {
    int recorded = 0;
    for (SqliteAgentStandings.Standing standing : standings.unrecordedPromotions(tenant)) {
      Instant now = clock.instant();
      audit.append(
          new AuditEvent(
              ids.next(),
              standing.tenant(),
              now,
              PROMOTED,
              standing.promotedBy().orElse("unknown"),
              Optional.empty(),
              Optional.empty(),
              "promoted",
              "agent:" + standing.agent(),
              List.of(),
              Optional.empty(),
              Optional.of(
                  "agent "
                      + standing.agent()
                      + " promoted out of dry-run by "
                      + standing.promotedBy().orElse("unknown")
                      + " at "
                      + standing.promotedAt().map(Instant::toString).orElse("?")
                      + standing.firstSeen().map(t -> "; first seen " + t).orElse(""))));
      // Only after the event is durable: the agent runs for real from here on.
      standings.markRecorded(standing.tenant(), standing.agent(), now);
      recorded++;
    }
    return recorded;
  }

  private void recordQuietly() {
    try {
      recordPending();
    } catch (RuntimeException e) {
      // The promotion stays written and unrecorded, so the agent stays in dry-run; next second
      // tries again.
      LOG.error("agent promotions could not be recorded: {}", e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
