package dev.sallyport.store.jdbc;

import dev.sallyport.ledger.store.LedgerStoreException;
import dev.sallyport.ledger.store.RetentionStorage;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Retention's writes over JDBC, on a connection of its own: one batch of removed bodies and the
 * tenant's mark in {@code ledger_retention}, one transaction.
 */
public final class JdbcRetentionStorage implements RetentionStorage {
  private final Connection connection;

  public JdbcRetentionStorage(Connector database) {
    try {
      this.connection = database.connect();
      this.connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new LedgerStoreException("cannot open the ledger for retention", e);
    }
  }

  @Override
  public synchronized long prunedBelow(TenantId tenant) {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT pruned_below FROM ledger_retention WHERE tenant = ?")) {
      select.setString(1, tenant.value());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new LedgerStoreException("cannot read the retention mark of tenant " + tenant, e);
    } finally {
      // End the read: on SQLite a transaction that read first and then writes could fail to get
      // the write lock when the audit writer committed in between.
      rollbackQuietly(null);
    }
  }

  @Override
  public synchronized void removeBodies(TenantId tenant, long from, long to) {
    try (PreparedStatement remove =
            connection.prepareStatement(
                "UPDATE audit_events SET body = NULL"
                    + " WHERE tenant = ? AND idx >= ? AND idx < ? AND body IS NOT NULL");
        PreparedStatement mark =
            connection.prepareStatement(
                "INSERT INTO ledger_retention (tenant, pruned_below) VALUES (?, ?)"
                    + " ON CONFLICT (tenant) DO UPDATE SET pruned_below = CASE"
                    + " WHEN excluded.pruned_below > ledger_retention.pruned_below"
                    + " THEN excluded.pruned_below ELSE ledger_retention.pruned_below END")) {
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
      throw new LedgerStoreException("cannot remove bodies", e);
    }
  }

  private void rollbackQuietly(SQLException cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      // The database rolls back an unfinished transaction by itself when the connection goes.
      if (cause != null) {
        cause.addSuppressed(rollbackFailure);
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new LedgerStoreException("cannot close the retention connection", e);
    }
  }
}
