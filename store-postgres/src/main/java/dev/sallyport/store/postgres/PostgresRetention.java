package dev.sallyport.store.postgres;

import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.store.Ledger;
import dev.sallyport.ledger.store.Retention;
import dev.sallyport.ledger.store.RetentionHold;
import dev.sallyport.ledger.store.RetentionStorage;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Retention on PostgreSQL ({@link Retention}): bodies removed from {@code audit_events} in batches,
 * each in one transaction with the tenant's mark in {@code ledger_retention}.
 */
public final class PostgresRetention extends Retention {
  /**
   * @param ledger signs the checkpoint that must cover what is pruned, and reads the entries
   * @param audit where the {@code ledger.pruned} event goes: the log the gateway appends to
   * @param hold entries still needed elsewhere (SIEM sinks behind), never pruned
   */
  public PostgresRetention(
      PostgresDatabase database, Ledger ledger, AuditLog audit, Clock clock, RetentionHold hold) {
    this(database, ledger, audit, clock, hold, DEFAULT_BATCH_SIZE);
  }

  PostgresRetention(
      PostgresDatabase database,
      Ledger ledger,
      AuditLog audit,
      Clock clock,
      RetentionHold hold,
      int batchSize) {
    super(new Storage(database), ledger, audit, clock, hold, batchSize);
  }

  /** The retention connection: one batch, one transaction. */
  private static final class Storage implements RetentionStorage {
    private final Connection connection;

    Storage(PostgresDatabase database) {
      try {
        this.connection = database.connect();
        this.connection.setAutoCommit(false);
      } catch (SQLException e) {
        throw new PostgresStoreException("cannot open the ledger for retention", e);
      }
    }

    @Override
    public long prunedBelow(TenantId tenant) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT pruned_below FROM ledger_retention WHERE tenant = ?")) {
        select.setString(1, tenant.value());
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? rows.getLong(1) : 0;
        }
      } catch (SQLException e) {
        throw new PostgresStoreException("cannot read the retention mark of tenant " + tenant, e);
      } finally {
        // End the read transaction: the next batch starts a transaction of its own.
        rollbackQuietly(null);
      }
    }

    @Override
    public void removeBodies(TenantId tenant, long from, long to) {
      try (PreparedStatement remove =
              connection.prepareStatement(
                  "UPDATE audit_events SET body = NULL"
                      + " WHERE tenant = ? AND idx >= ? AND idx < ? AND body IS NOT NULL");
          PreparedStatement mark =
              connection.prepareStatement(
                  "INSERT INTO ledger_retention (tenant, pruned_below) VALUES (?, ?)"
                      + " ON CONFLICT (tenant) DO UPDATE"
                      + " SET pruned_below = GREATEST(ledger_retention.pruned_below, excluded.pruned_below)")) {
        remove.setString(1, tenant.value());
        remove.setLong(2, from);
        remove.setLong(3, to);
        remove.executeUpdate();
        mark.setString(1, tenant.value());
        mark.setLong(2, to);
        mark.executeUpdate();
        connection.commit();
      } catch (SQLException e) {
        rollbackQuietly(e);
        throw new PostgresStoreException("cannot remove bodies", e);
      }
    }

    private void rollbackQuietly(SQLException cause) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        // PostgreSQL rolls back an unfinished transaction by itself when the connection goes away.
        if (cause != null) {
          cause.addSuppressed(rollbackFailure);
        }
      }
    }

    @Override
    public void close() {
      try {
        connection.close();
      } catch (SQLException e) {
        throw new PostgresStoreException("cannot close the retention connection", e);
      }
    }
  }
}
