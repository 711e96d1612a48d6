package dev.sallyport.store.sqlite;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.SessionHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Session history on SQLite. Every method throws {@link StoreException} when the database cannot
 * answer, which the policy engine turns into a deny. Numeric top-level arguments of each call are
 * kept so that running totals ({@code session.sum}) need no JSON inside SQL.
 */
public final class SqliteSessionHistory implements SessionHistory, AutoCloseable {
  private final Connection connection;

  public SqliteSessionHistory(SqliteDatabase database) {
    try {
      this.connection = database.connect();
    } catch (SQLException e) {
      throw new StoreException("cannot open session history", e);
    }
  }

  @Override
  public synchronized long calls(TenantId tenant, String sessionId, String tool, Instant since) {
    return queryLong(
        "SELECT COUNT(*) FROM session_calls WHERE tenant = ? AND session_id = ? AND tool = ? AND at_ms >= ?",
        tenant.value(),
        sessionId,
        tool,
        since.toEpochMilli());
  }

  @Override
  public synchronized double sum(
      TenantId tenant, String sessionId, String tool, String argument, Instant since) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT COALESCE(SUM(value), 0) FROM session_call_numbers"
                + " WHERE tenant = ? AND session_id = ? AND tool = ? AND name = ? AND at_ms >= ?")) {
      select.setString(1, tenant.value());
      select.setString(2, sessionId);
      select.setString(3, tool);
      select.setString(4, argument);
      select.setLong(5, since.toEpochMilli());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getDouble(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read session history", e);
    }
  }

  @Override
  public synchronized boolean approved(TenantId tenant, String sessionId, String kind) {
    return queryLong(
            "SELECT COUNT(*) FROM session_approvals WHERE tenant = ? AND session_id = ? AND kind = ?",
            tenant.value(),
            sessionId,
            kind)
        > 0;
  }

  @Override
  public synchronized boolean tainted(TenantId tenant, String sessionId) {
    return queryLong(
            "SELECT COUNT(*) FROM session_taint WHERE tenant = ? AND session_id = ?",
            tenant.value(),
            sessionId)
        > 0;
  }

  @Override
  public synchronized void recordCall(
      TenantId tenant, String sessionId, String tool, Map<String, Object> arguments, Instant at) {
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement call =
              connection.prepareStatement(
                  "INSERT INTO session_calls (tenant, session_id, tool, at_ms) VALUES (?, ?, ?, ?)");
          PreparedStatement number =
              connection.prepareStatement(
                  "INSERT INTO session_call_numbers (tenant, session_id, tool, name, value, at_ms)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
        call.setString(1, tenant.value());
        call.setString(2, sessionId);
        call.setString(3, tool);
        call.setLong(4, at.toEpochMilli());
        call.executeUpdate();
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
          if (argument.getValue() instanceof Number value) {
            number.setString(1, tenant.value());
            number.setString(2, sessionId);
            number.setString(3, tool);
            number.setString(4, argument.getKey());
            number.setDouble(5, value.doubleValue());
            number.setLong(6, at.toEpochMilli());
            number.addBatch();
          }
        }
        number.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record the call in session history", e);
    }
  }

  @Override
  public synchronized void recordApproval(
      TenantId tenant, String sessionId, String kind, Instant at) {
    update(
        "INSERT OR IGNORE INTO session_approvals (tenant, session_id, kind, at_ms) VALUES (?, ?, ?, ?)",
        tenant.value(),
        sessionId,
        kind,
        at.toEpochMilli());
  }

  @Override
  public synchronized void markTainted(TenantId tenant, String sessionId, Instant at) {
    update(
        "INSERT OR IGNORE INTO session_taint (tenant, session_id, at_ms) VALUES (?, ?, ?)",
        tenant.value(),
        sessionId,
        at.toEpochMilli());
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close session history", e);
    }
  }

  private long queryLong(String sql, Object... parameters) {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      bind(select, parameters);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read session history", e);
    }
  }

  private void update(String sql, Object... parameters) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot write session history", e);
    }
  }

  private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }
}
