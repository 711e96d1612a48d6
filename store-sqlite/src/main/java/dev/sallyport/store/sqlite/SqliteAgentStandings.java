package dev.sallyport.store.sqlite;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.policy.AgentStandings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Agents' standing on SQLite (table {@code agent_standings}): when the gateway first saw each agent
 * and whether an administrator's promotion is on record.
 *
 * <p>A promotion has two steps, so that none takes effect without its ledger record: {@code agents
 * promote} (any process) writes the request with {@link #requestPromotion}; the gateway, the one
 * writer of the ledger, records {@code agent.promoted} and then calls {@link #markRecorded}. Only
 * then does {@link #isPromoted} answer {@code true}.
 *
 * <p>{@link #isPromoted} runs on every call of an agent and answers from memory after the first
 * call of each agent, which reads (and, for an agent never seen, writes its first-seen time).
 */
public final class SqliteAgentStandings implements AgentStandings, AutoCloseable {
  /** One agent's row. */
  public record Standing(
      TenantId tenant,
      String agent,
      Optional<Instant> firstSeen,
      Optional<Instant> promotedAt,
      Optional<String> promotedBy,
      Optional<Instant> recordedAt) {
    public Standing {
      requireNonNull(tenant, "tenant is null");
      requireNonNull(agent, "agent is null");
      requireNonNull(firstSeen, "firstSeen is null");
      requireNonNull(promotedAt, "promotedAt is null");
      requireNonNull(promotedBy, "promotedBy is null");
      requireNonNull(recordedAt, "recordedAt is null");
    }

    /** Promoted and on record: the agent runs for real. */
    public boolean isPromoted() {
      return recordedAt.isPresent();
    }
  }

  private record Key(TenantId tenant, String agent) {}

  private static final String COLUMNS =
      "tenant, agent, first_seen_ms, promoted_at_ms, promoted_by, recorded_at_ms";

  private final Connection connection;
  private final ConcurrentMap<Key, Boolean> promoted = new ConcurrentHashMap<>();

  public SqliteAgentStandings(SqliteDatabase database) {
    try {
      this.connection = database.connect();
    } catch (SQLException e) {
      throw new StoreException("cannot open the agent standings", e);
    }
  }

  @Override
  public boolean isPromoted(TenantId tenant, String agentId, Instant now) {
    Boolean known = promoted.get(new Key(tenant, agentId));
    return known != null ? known : firstLook(tenant, agentId, now);
  }

  private synchronized boolean firstLook(TenantId tenant, String agentId, Instant now) {
    Key key = new Key(tenant, agentId);
    Boolean known = promoted.get(key);
    if (known != null) {
      return known;
    }
    try (PreparedStatement seen =
        connection.prepareStatement(
            "INSERT INTO agent_standings (tenant, agent, first_seen_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant, agent) DO UPDATE"
                + " SET first_seen_ms = COALESCE(first_seen_ms, excluded.first_seen_ms)")) {
      seen.setString(1, tenant.value());
      seen.setString(2, agentId);
      seen.setLong(3, now.toEpochMilli());
      seen.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot record that an agent was seen", e);
    }
    boolean isPromoted = find(tenant, agentId).map(Standing::isPromoted).orElse(false);
    promoted.put(key, isPromoted);
    return isPromoted;
  }

  /** The agent's row, if it was ever seen or promoted. */
  public synchronized Optional<Standing> find(TenantId tenant, String agentId) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM agent_standings WHERE tenant = ? AND agent = ?")) {
      select.setString(1, tenant.value());
      select.setString(2, agentId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(standing(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read an agent's standing", e);
    }
  }

  /** Every agent of {@code tenant} the store knows, by id. */
  public synchronized List<Standing> list(TenantId tenant) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM agent_standings WHERE tenant = ? ORDER BY agent")) {
      select.setString(1, tenant.value());
      return standings(select);
    } catch (SQLException e) {
      throw new StoreException("cannot list agent standings", e);
    }
  }

  /**
   * Writes an administrator's promotion; it takes effect once the gateway has recorded it ({@link
   * #markRecorded}).
   *
   * @return false if the agent's promotion was already written
   */
  public synchronized boolean requestPromotion(
      TenantId tenant, String agentId, String by, Instant at) {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO agent_standings (tenant, agent, promoted_at_ms, promoted_by)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (tenant, agent) DO UPDATE"
                + " SET promoted_at_ms = excluded.promoted_at_ms,"
                + " promoted_by = excluded.promoted_by WHERE promoted_at_ms IS NULL")) {
      upsert.setString(1, tenant.value());
      upsert.setString(2, agentId);
      upsert.setLong(3, at.toEpochMilli());
      upsert.setString(4, by);
      return upsert.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot write the promotion", e);
    }
  }

  /** The tenant's promotions written but not yet recorded in its ledger, oldest first. */
  public synchronized List<Standing> unrecordedPromotions(TenantId tenant) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM agent_standings WHERE tenant = ? AND promoted_at_ms IS NOT NULL"
                + " AND recorded_at_ms IS NULL ORDER BY promoted_at_ms")) {
      select.setString(1, tenant.value());
      return standings(select);
    } catch (SQLException e) {
      throw new StoreException("cannot read pending promotions", e);
    }
  }

  /**
   * Marks a promotion as recorded in the ledger: from now on the agent runs for real. Call only
   * after {@code agent.promoted} is durable.
   */
  public synchronized void markRecorded(TenantId tenant, String agentId, Instant at) {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE agent_standings SET recorded_at_ms = ? WHERE tenant = ? AND agent = ?"
                + " AND promoted_at_ms IS NOT NULL AND recorded_at_ms IS NULL")) {
      update.setLong(1, at.toEpochMilli());
      update.setString(2, tenant.value());
      update.setString(3, agentId);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot mark a promotion recorded", e);
    }
    promoted.put(new Key(tenant, agentId), true);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the agent standings", e);
    }
  }

  private static List<Standing> standings(PreparedStatement select) throws SQLException {
    List<Standing> out = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        out.add(standing(rows));
      }
    }
    return out;
  }

  private static Standing standing(ResultSet rows) throws SQLException {
    return new Standing(
        TenantId.of(rows.getString(1)),
        rows.getString(2),
        instant(rows, 3),
        instant(rows, 4),
        Optional.ofNullable(rows.getString(5)),
        instant(rows, 6));
  }

  private static Optional<Instant> instant(ResultSet rows, int column) throws SQLException {
    long millis = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
