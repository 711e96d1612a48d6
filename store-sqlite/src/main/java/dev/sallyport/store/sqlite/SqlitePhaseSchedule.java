package dev.sallyport.store.sqlite;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.JsonValues;
import dev.sallyport.model.TenantId;
import dev.sallyport.policy.PhaseSchedule;
import dev.sallyport.policy.ScheduledPhase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Two-phase actions on SQLite (table {@code action_phases}), meeting the {@link PhaseSchedule}
 * contract: every change is committed with {@code synchronous=FULL} before it returns, and each
 * state change is one {@code UPDATE ... WHERE state = ?}, so of the gateway's scheduler and {@code
 * actions reinstate} in another process, exactly one moves a row.
 */
public final class SqlitePhaseSchedule implements PhaseSchedule, AutoCloseable {
  private static final String COLUMNS =
      "tenant, action_id, tool, actor, arguments, policy_version, due_ms, state, reinstate_by";

  private final Connection connection;
  private final ObjectMapper json = new ObjectMapper();

  public SqlitePhaseSchedule(SqliteDatabase database) {
    try {
      this.connection = database.connect();
    } catch (SQLException e) {
      throw new StoreException("cannot open the phase schedule", e);
    }
  }

  @Override
  public synchronized void schedule(ScheduledPhase phase) {
    requireNonNull(phase, "phase is null");
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO action_phases (tenant, action_id, tool, actor, arguments,"
                + " policy_version, due_ms, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, phase.tenant().value());
      insert.setString(2, phase.actionId());
      insert.setString(3, phase.tool());
      insert.setString(4, phase.actor());
      insert.setString(5, CanonicalJson.string(phase.arguments()));
      insert.setString(6, phase.policyVersion());
      insert.setLong(7, phase.dueAt().toEpochMilli());
      insert.setString(8, phase.state().name());
      insert.executeUpdate();
    } catch (SQLiteException e) {
      if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
        throw new IllegalStateException("action " + phase.actionId() + " is already scheduled");
      }
      throw new StoreException("cannot schedule the hard step", e);
    } catch (SQLException e) {
      throw new StoreException("cannot schedule the hard step", e);
    }
  }

  @Override
  public synchronized List<ScheduledPhase> ready(TenantId tenant, Instant now, int limit) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM action_phases WHERE tenant = ? AND (state = 'REINSTATE_REQUESTED'"
                + " OR (state = 'SCHEDULED' AND due_ms <= ?))"
                + " ORDER BY state = 'SCHEDULED', due_ms LIMIT ?")) {
      select.setString(1, tenant.value());
      select.setLong(2, now.toEpochMilli());
      select.setInt(3, limit);
      return phases(select);
    } catch (SQLException e) {
      throw new StoreException("cannot read due phases", e);
    }
  }

  @Override
  public synchronized List<ScheduledPhase> inState(TenantId tenant, ScheduledPhase.State state) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM action_phases WHERE tenant = ? AND state = ? ORDER BY due_ms")) {
      select.setString(1, tenant.value());
      select.setString(2, state.name());
      return phases(select);
    } catch (SQLException e) {
      throw new StoreException("cannot read phases", e);
    }
  }

  @Override
  public synchronized boolean transition(
      TenantId tenant, String actionId, ScheduledPhase.State from, ScheduledPhase.State to) {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE action_phases SET state = ? WHERE tenant = ? AND action_id = ?"
                + " AND state = ?")) {
      update.setString(1, to.name());
      update.setString(2, tenant.value());
      update.setString(3, actionId);
      update.setString(4, from.name());
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot change the state of a phase", e);
    }
  }

  @Override
  public synchronized boolean requestReinstate(
      TenantId tenant, String actionId, String requestedBy, Instant now) {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE action_phases SET state = 'REINSTATE_REQUESTED', reinstate_by = ?,"
                + " reinstate_at_ms = ? WHERE tenant = ? AND action_id = ?"
                + " AND state = 'SCHEDULED' AND due_ms > ?")) {
      update.setString(1, requestedBy);
      update.setLong(2, now.toEpochMilli());
      update.setString(3, tenant.value());
      update.setString(4, actionId);
      update.setLong(5, now.toEpochMilli());
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot request the reinstatement", e);
    }
  }

  @Override
  public synchronized Optional<ScheduledPhase> find(TenantId tenant, String actionId) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM action_phases WHERE tenant = ? AND action_id = ?")) {
      select.setString(1, tenant.value());
      select.setString(2, actionId);
      List<ScheduledPhase> found = phases(select);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    } catch (SQLException e) {
      throw new StoreException("cannot read a phase", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the phase schedule", e);
    }
  }

  private List<ScheduledPhase> phases(PreparedStatement select) throws SQLException {
    List<ScheduledPhase> out = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        out.add(
            new ScheduledPhase(
                TenantId.of(rows.getString(1)),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                arguments(rows.getString(5)),
                rows.getString(6),
                Instant.ofEpochMilli(rows.getLong(7)),
                ScheduledPhase.State.valueOf(rows.getString(8)),
                Optional.ofNullable(rows.getString(9))));
      }
    }
    return out;
  }

  private Map<String, Object> arguments(String text) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = json.readValue(text, Map.class);
      return JsonValues.immutableObject(parsed);
    } catch (IOException e) {
      throw new StoreException("the stored arguments of a phase are not JSON", e);
    }
  }
}
