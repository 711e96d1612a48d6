package dev.sallyport.store.jdbc;

import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileStore;
import dev.sallyport.ledger.store.AuditStorage;
import dev.sallyport.ledger.store.LedgerStoreException;
import dev.sallyport.ledger.store.StoredRow;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit log's rows over JDBC: {@code audit_events} and {@code ledger_tiles}, a read connection
 * of its own and one connection for the writer thread.
 */
public final class JdbcAuditStorage implements AuditStorage {
  private static final String INSERT_EVENT =
      "INSERT INTO audit_events (tenant, idx, id, time, type, body) VALUES (?, ?, ?, ?, ?, ?)";
  static final String SIZE = "SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_events WHERE tenant = ?";

  private final Connector database;
  private final Connection reader;

  public JdbcAuditStorage(Connector database) {
    this.database = database;
    try {
      this.reader = database.connect();
    } catch (SQLException e) {
      throw new LedgerStoreException("cannot open the audit log", e);
    }
  }

  @Override
  public Writer openWriter() {
    try {
      Connection connection = database.connect();
      try {
        connection.setAutoCommit(false);
        return new JdbcWriter(connection);
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new LedgerStoreException("cannot open the audit log", e);
    }
  }

  @Override
  public List<StoredRow> rows(TenantId tenant, long from, int limit) {
    List<StoredRow> rows = new ArrayList<>();
    synchronized (reader) {
      try (PreparedStatement select =
          reader.prepareStatement(
              "SELECT idx, body FROM audit_events WHERE tenant = ? AND idx >= ? ORDER BY idx"
                  + " LIMIT ?")) {
        select.setString(1, tenant.value());
        select.setLong(2, from);
        select.setInt(3, limit);
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            rows.add(new StoredRow(result.getLong(1), Optional.ofNullable(result.getBytes(2))));
          }
        }
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot read the audit log", e);
      }
    }
    return rows;
  }

  @Override
  public long size(TenantId tenant) {
    synchronized (reader) {
      try {
        return count(reader, tenant);
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot read the audit log", e);
      }
    }
  }

  private static long count(Connection connection, TenantId tenant) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SIZE)) {
      select.setString(1, tenant.value());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @Override
  public boolean isValid() {
    synchronized (reader) {
      try {
        return reader.isValid(1);
      } catch (SQLException e) {
        return false;
      }
    }
  }

  @Override
  public void close() {
    synchronized (reader) {
      try {
        reader.close();
      } catch (SQLException e) {
        // Closing is best effort; every committed event is already durable.
      }
    }
  }

  /** The writer thread's connection, with its insert statements prepared once. */
  private static final class JdbcWriter implements Writer {
    private final Connection connection;
    private final PreparedStatement insertEvent;
    private final PreparedStatement upsertTile;
    private final JdbcTiles tiles;

    JdbcWriter(Connection connection) throws SQLException {
      this.connection = connection;
      this.tiles = new JdbcTiles(connection);
      this.insertEvent = connection.prepareStatement(INSERT_EVENT);
      this.upsertTile = connection.prepareStatement(JdbcTiles.UPSERT);
    }

    @Override
    public long events(TenantId tenant) {
      try {
        return count(connection, tenant);
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot read the audit log", e);
      }
    }

    @Override
    public TileStore tiles(TenantId tenant) {
      return tiles.of(tenant);
    }

    @Override
    public void insertEvent(
        TenantId tenant, long index, String id, String time, String type, byte[] body) {
      try {
        insertEvent.setString(1, tenant.value());
        insertEvent.setLong(2, index);
        insertEvent.setString(3, id);
        insertEvent.setString(4, time);
        insertEvent.setString(5, type);
        insertEvent.setBytes(6, body);
        insertEvent.addBatch();
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot write the audit log", e);
      }
    }

    @Override
    public void writeTiles(TenantId tenant, List<Tile> tiles) {
      try {
        JdbcTiles.addBatch(upsertTile, tenant, tiles);
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot write the audit log", e);
      }
    }

    @Override
    public void commit() {
      try {
        insertEvent.executeBatch();
        JdbcTiles.write(upsertTile);
        connection.commit();
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot commit the audit log", e);
      }
    }

    @Override
    public void rollback() {
      try {
        insertEvent.clearBatch();
        upsertTile.clearBatch();
        connection.rollback();
      } catch (SQLException e) {
        // The connection is unusable; the next commit fails and reports it.
      }
    }

    @Override
    public void close() {
      try {
        tiles.close();
        connection.close();
      } catch (SQLException e) {
        // Closing is best effort; every committed event is already durable.
      }
    }
  }
}
