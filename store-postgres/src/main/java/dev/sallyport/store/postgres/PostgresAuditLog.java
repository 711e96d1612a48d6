package dev.sallyport.store.postgres;

import dev.sallyport.ledger.store.GroupCommitAuditLog;
import dev.sallyport.store.jdbc.JdbcAuditStorage;
import java.time.Duration;

/**
 * The audit log on PostgreSQL with group commit ({@link GroupCommitAuditLog}): one writer thread
 * writes every pending append in one transaction and commits once ({@code synchronous_commit =
 * on}), so concurrent callers share one WAL flush. A second writer on the same schema makes the
 * first one's next commit fail on the primary key or the tile check, and it reloads: refused, never
 * corrupt.
 */
public final class PostgresAuditLog extends GroupCommitAuditLog {
  /**
   * @param appendTimeout how long an append may wait for its commit before it is reported as failed
   */
  public PostgresAuditLog(PostgresDatabase database, Duration appendTimeout) {
    super(new JdbcAuditStorage(database::connect), appendTimeout);
  }
}
