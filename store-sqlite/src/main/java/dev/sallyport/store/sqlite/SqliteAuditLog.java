package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.store.GroupCommitAuditLog;
import dev.sallyport.store.jdbc.JdbcAuditStorage;
import java.time.Duration;

/**
 * The audit log on SQLite with group commit ({@link GroupCommitAuditLog}): one writer thread takes
 * every pending append, writes them in one transaction and commits once (WAL, {@code
 * synchronous=FULL}), so concurrent callers share one disk sync.
 */
public final class SqliteAuditLog extends GroupCommitAuditLog {
  /**
   * @param appendTimeout how long an append may wait for its commit before it is reported as failed
   */
  public SqliteAuditLog(SqliteDatabase database, Duration appendTimeout) {
    super(new JdbcAuditStorage(database::connect), appendTimeout);
  }
}
