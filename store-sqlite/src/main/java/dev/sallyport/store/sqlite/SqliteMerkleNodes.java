package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleNodes;
import dev.sallyport.ledger.merkle.NodeId;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One tenant's tree nodes on SQLite: every node a proof needs in one query. */
final class SqliteMerkleNodes implements MerkleNodes {
  private final Connection connection;
  private final TenantId tenant;

  SqliteMerkleNodes(Connection connection, TenantId tenant) {
    this.connection = connection;
    this.tenant = tenant;
  }

  @Override
  public long size() {
    synchronized (connection) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_nodes WHERE tenant = ? AND level = 0")) {
        select.setString(1, tenant.value());
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      } catch (SQLException e) {
        throw new StoreException("cannot read the ledger", e);
      }
    }
  }

  @Override
  public List<Hash> hashes(List<NodeId> nodes) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT level, idx, hash FROM ledger_nodes WHERE tenant = ? AND (level, idx) IN (VALUES ");
    for (int i = 0; i < nodes.size(); i++) {
      sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
    }
    sql.append(')');
    Map<NodeId, Hash> found = new HashMap<>();
    synchronized (connection) {
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        select.setString(1, tenant.value());
        int parameter = 2;
        for (NodeId node : nodes) {
          select.setInt(parameter++, node.level());
          select.setLong(parameter++, node.index());
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.put(new NodeId(rows.getInt(1), rows.getLong(2)), Hash.of(rows.getBytes(3)));
          }
        }
      } catch (SQLException e) {
        throw new StoreException("cannot read the ledger", e);
      }
    }
    List<Hash> hashes = new ArrayList<>(nodes.size());
    for (NodeId node : nodes) {
      Hash hash = found.get(node);
      if (hash == null) {
        throw new IllegalArgumentException("the ledger holds no node " + node);
      }
      hashes.add(hash);
    }
    return hashes;
  }
}
