package dev.sallyport.store.jdbc;

import dev.sallyport.ledger.merkle.TileStore;
import dev.sallyport.ledger.store.LedgerStorage;
import dev.sallyport.ledger.store.LedgerStoreException;
import dev.sallyport.ledger.store.StoredRow;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's rows over JDBC ({@code ledger_tiles}, {@code audit_events}, {@code
 * ledger_checkpoints}) on one connection, used under its lock.
 */
public final class JdbcLedgerStorage implements LedgerStorage {
  private final Connection connection;
  private final JdbcTiles tiles;

  /**
   * @param database opens the one connection the ledger reads and writes checkpoints through
   */
  public JdbcLedgerStorage(Connector database) {
    try {
      this.connection = database.connect();
    } catch (SQLException e) {
      throw new LedgerStoreException("cannot open the ledger", e);
    }
    this.tiles = new JdbcTiles(connection);
  }

  @Override
  public List<TenantId> tenants() {
    List<TenantId> tenants = new ArrayList<>();
    synchronized (connection) {
      // Skips from one tenant to the next along the primary key instead of reading every tile.
      try (PreparedStatement select =
              connection.prepareStatement(
                  "WITH RECURSIVE t(tenant) AS (SELECT min(tenant) FROM ledger_tiles UNION ALL"
                      + " SELECT (SELECT min(tenant) FROM ledger_tiles WHERE tenant > t.tenant)"
                      + " FROM t WHERE t.tenant IS NOT NULL)"
                      + " SELECT tenant FROM t WHERE tenant IS NOT NULL");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          tenants.add(TenantId.of(rows.getString(1)));
        }
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot read the ledger", e);
      }
    }
    return tenants;
  }

  @Override
  public TileStore tiles(TenantId tenant) {
    return tiles.of(tenant);
  }

  @Override
  public List<StoredRow> rows(TenantId tenant, long start, long end) {
    List<StoredRow> rows = new ArrayList<>();
    synchronized (connection) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT idx, body FROM audit_events WHERE tenant = ? AND idx >= ? AND idx < ?"
                  + " ORDER BY idx")) {
        select.setString(1, tenant.value());
        select.setLong(2, start);
        select.setLong(3, end);
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            rows.add(new StoredRow(result.getLong(1), Optional.ofNullable(result.getBytes(2))));
          }
        }
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot read the ledger", e);
      }
    }
    return rows;
  }

  @Override
  public List<byte[]> checkpointNotes(TenantId tenant, int limit) {
    List<byte[]> notes = new ArrayList<>();
    synchronized (connection) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT note FROM ledger_checkpoints WHERE tenant = ? ORDER BY size DESC LIMIT ?")) {
        select.setString(1, tenant.value());
        select.setInt(2, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            notes.add(rows.getBytes(1));
          }
        }
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot read checkpoints", e);
      }
    }
    return notes;
  }

  @Override
  public void insertCheckpoint(TenantId tenant, long size, byte[] note, Instant signedAt) {
    synchronized (connection) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO ledger_checkpoints (tenant, size, note, signed_at) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, tenant.value());
        insert.setLong(2, size);
        insert.setBytes(3, note);
        insert.setString(4, signedAt.toString());
        insert.executeUpdate();
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot store the checkpoint", e);
      }
    }
  }

  @Override
  public void close() {
    synchronized (connection) {
      try {
        tiles.close();
        connection.close();
      } catch (SQLException e) {
        throw new LedgerStoreException("cannot close the ledger", e);
      }
    }
  }
}
