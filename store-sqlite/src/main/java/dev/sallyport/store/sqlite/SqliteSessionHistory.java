package dev.sallyport.store.sqlite;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.SessionHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

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
  public synchronized boolean injectionSuspected(TenantId tenant, String sessionId) {
    return queryLong(
            "SELECT COUNT(*) FROM session_injection_flags WHERE tenant = ? AND session_id = ?",
            tenant.value(),
            sessionId)
        > 0;
  }

  @Override
  public synchronized void flagInjectionSuspected(TenantId tenant, String sessionId, Instant at) {
    update(
        "INSERT OR IGNORE INTO session_injection_flags (tenant, session_id, at_ms) VALUES (?, ?, ?)",
        tenant.value(),
        sessionId,
        at.toEpochMilli());
  }

  @Override
  public synchronized void recordTrustedValues(
      TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) {
    try {
      connection.setAutoCommit(false);
      try {
        insertFingerprints(tenant, sessionId, fingerprints, at);
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record trusted provenance", e);
    }
  }

  @Override
  public synchronized boolean allTraced(
      TenantId tenant, String sessionId, Set<String> fingerprints) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM session_provenance"
                + " WHERE tenant = ? AND session_id = ? AND fingerprint = ?")) {
      for (String fingerprint : fingerprints) {
        select.setString(1, tenant.value());
        select.setString(2, sessionId);
        select.setString(3, fingerprint);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return false;
          }
        }
      }
      return true;
    } catch (SQLException e) {
      throw new StoreException("cannot read session provenance", e);
    }
  }

  @Override
  public synchronized TaskAdmission startWithTask(
      TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) {
    try {
      // One connection, synchronized, in one transaction: the checks and the insert are atomic
      // against every other writer of this session (they share this store).
      connection.setAutoCommit(false);
      try {
        TaskAdmission admission = admission(tenant, sessionId);
        if (admission == TaskAdmission.ACCEPTED) {
          try (PreparedStatement task =
              connection.prepareStatement(
                  "INSERT INTO session_tasks (tenant, session_id, at_ms) VALUES (?, ?, ?)")) {
            task.setString(1, tenant.value());
            task.setString(2, sessionId);
            task.setLong(3, at.toEpochMilli());
            task.executeUpdate();
          }
          insertFingerprints(tenant, sessionId, fingerprints, at);
        }
        connection.commit();
        return admission;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record the session's task", e);
    }
  }

  private TaskAdmission admission(TenantId tenant, String sessionId) {
    if (queryLong(
            "SELECT COUNT(*) FROM session_tasks WHERE tenant = ? AND session_id = ?",
            tenant.value(),
            sessionId)
        > 0) {
      return TaskAdmission.TASK_ALREADY_GIVEN;
    }
    if (tainted(tenant, sessionId)) {
      return TaskAdmission.TAINTED;
    }
    if (queryLong(
            "SELECT COUNT(*) FROM session_calls WHERE tenant = ? AND session_id = ?",
            tenant.value(),
            sessionId)
        > 0) {
      return TaskAdmission.SESSION_ALREADY_STARTED;
    }
    return TaskAdmission.ACCEPTED;
  }

  private void insertFingerprints(
      TenantId tenant, String sessionId, Set<String> fingerprints, Instant at) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT OR IGNORE INTO session_provenance (tenant, session_id, fingerprint, at_ms)"
                + " VALUES (?, ?, ?, ?)")) {
      for (String fingerprint : fingerprints) {
        insert.setString(1, tenant.value());
        insert.setString(2, sessionId);
        insert.setString(3, fingerprint);
        insert.setLong(4, at.toEpochMilli());
        insert.addBatch();
      }
      insert.executeBatch();
    }
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
