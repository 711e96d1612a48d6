package dev.sallyport.cli;

import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.store.RetentionHold;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqliteRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ledger retention while {@code serve} runs: once at start, then every hour, every tenant's event
 * payloads older than {@code ledger.retention} are pruned (docs/ledger.md, "Retention"). A failure
 * is logged and keeps the payloads; the next run tries again.
 */
final class RetentionSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

  /** How often retention runs; payloads outlive their retention by at most this much. */
  static final Duration PERIOD = Duration.ofHours(1);

  private final SqliteRetention retention;
  private final SqliteLedger ledger;
  private final Duration keep;
  private final Clock clock;
  private final ScheduledExecutorService executor;

  private RetentionSchedule(
      SqliteRetention retention, SqliteLedger ledger, Duration keep, Clock clock) {
    this.retention = retention;
    this.ledger = ledger;
    this.keep = keep;
    this.clock = clock;
    // Its own thread: a first run over a large backlog must not hold up the checkpointer.
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ledger-retention").daemon(true).factory());
  }

  /**
   * Starts the schedule; the first run begins at once, in the background.
   *
   * @param audit the log the gateway appends to, where {@code ledger.pruned} events go
   * @param keep how long payloads are kept ({@code ledger.retention})
   * @param hold what the SIEM export has not delivered yet, never pruned
   */
  static RetentionSchedule start(
      SqliteDatabase database,
      SqliteLedger ledger,
      AuditLog audit,
      Duration keep,
      RetentionHold hold,
      Clock clock) {
    RetentionSchedule schedule =
        new RetentionSchedule(
            new SqliteRetention(database, ledger, audit, clock, hold), ledger, keep, clock);
    schedule.executor.scheduleWithFixedDelay(
        schedule::runOnce, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return schedule;
  }

  /** Prunes every tenant; one tenant's failure never stops the others. */
  void runOnce() {
    Instant cutoff = clock.instant().minus(keep);
    try {
      for (TenantId tenant : ledger.tenants()) {
        try {
          retention
              .prune(tenant, cutoff)
              .ifPresent(pruned ->
                  LOG.info(
                      "ledger retention: tenant {} entries {}-{} pruned ({} payloads before {});"
                          + " recorded at index {}",
                      tenant,
                      pruned.first(),
                      pruned.last(),
                      pruned.count(),
                      cutoff,
                      pruned.eventIndex()));
        } catch (RuntimeException e) {
          LOG.error(
              "ledger retention of tenant {} failed, payloads kept: {}", tenant, e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      LOG.error("ledger retention failed, payloads kept: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      // A run stops between batches when interrupted; each batch is one transaction.
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      retention.close();
    }
  }
}
