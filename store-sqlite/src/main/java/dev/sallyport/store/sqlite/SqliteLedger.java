package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.store.Ledger;
import dev.sallyport.ledger.store.SigningKeys;
import dev.sallyport.store.jdbc.JdbcLedgerStorage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * The read side of the tamper-evident ledger on SQLite ({@link Ledger}): signed checkpoints, proofs
 * and export bundles over what {@link SqliteAuditLog} appended, on a connection of its own.
 */
public final class SqliteLedger extends Ledger {
  public SqliteLedger(SqliteDatabase database, SigningKeys keys, Clock clock) {
    this(database, keys, clock, DEFAULT_CACHED_TILES);
  }

  /**
   * @param cachedTiles how many full tiles above the leaves to keep in memory; 0 for none
   */
  public SqliteLedger(SqliteDatabase database, SigningKeys keys, Clock clock, int cachedTiles) {
    super(
        new JdbcLedgerStorage(() -> withLargeCache(database.connect())), keys, clock, cachedTiles);
  }

  /**
   * A proof reads one tile per four tree levels: 64 MB of page cache keeps every level above the
   * leaves of a ten-million-entry log in memory, so a proof reads about one page from disk.
   */
  private static Connection withLargeCache(Connection connection) throws SQLException {
    try (Statement pragma = connection.createStatement()) {
      pragma.execute("PRAGMA cache_size = -65536");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
