package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.store.Ledger;
import dev.sallyport.ledger.store.Retention;
import dev.sallyport.ledger.store.RetentionHold;
import dev.sallyport.store.jdbc.JdbcRetentionStorage;
import java.time.Clock;

/**
 * Retention on SQLite ({@link Retention}): bodies removed from {@code audit_events} in batches,
 * each in one transaction with the tenant's mark in {@code ledger_retention}.
 */
public final class SqliteRetention extends Retention {
  /**
   * @param ledger signs the checkpoint that must cover what is pruned, and reads the entries
   * @param audit where the {@code ledger.pruned} event goes: the log the gateway appends to
   * @param hold entries still needed elsewhere (SIEM sinks behind), never pruned
   */
  public SqliteRetention(
      SqliteDatabase database, Ledger ledger, AuditLog audit, Clock clock, RetentionHold hold) {
    this(database, ledger, audit, clock, hold, DEFAULT_BATCH_SIZE);
  }

  SqliteRetention(
      SqliteDatabase database,
      Ledger ledger,
      AuditLog audit,
      Clock clock,
      RetentionHold hold,
      int batchSize) {
    super(new JdbcRetentionStorage(database::connect), ledger, audit, clock, hold, batchSize);
  }
}
