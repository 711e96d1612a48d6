package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The writer's view of one tenant's Merkle tree: its size and the right frontier (the root of each
 * perfect subtree that still waits for a right sibling). Appending a leaf yields the perfect
 * subtrees it completes, which the writer stores so that proofs need only O(log n) rows.
 */
final class TenantTree {
  private final TenantId tenant;
  private final Hash[] frontier = new Hash[64];
  private long size;

  private TenantTree(TenantId tenant, long size) {
    this.tenant = tenant;
    this.size = size;
  }

  /** Receives each node an append completes. */
  interface NodeSink {
    void node(int level, long index, Hash hash) throws SQLException;
  }

  /**
   * Loads the tree's state from the database.
   *
   * @throws StoreException when events and tree disagree: a database edited behind Sallyport's
   *     back, or written by a build without the ledger; the log then takes no more appends
   */
  static TenantTree load(Connection connection, TenantId tenant) throws SQLException {
    long events =
        count(
            connection,
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_events WHERE tenant = ?",
            tenant);
    long leaves =
        count(
            connection,
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_nodes WHERE tenant = ? AND level = 0",
            tenant);
    if (events != leaves) {
      throw new StoreException(
          "the ledger of tenant "
              + tenant
              + " has "
              + events
              + " events but "
              + leaves
              + " leaves; refusing to append",
          null);
    }
    TenantTree tree = new TenantTree(tenant, leaves);
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT hash FROM ledger_nodes WHERE tenant = ? AND level = ? AND idx = ?")) {
      for (int level = 0; level < 63; level++) {
        if ((leaves >>> level & 1) == 0) {
          continue;
        }
        select.setString(1, tenant.value());
        select.setInt(2, level);
        select.setLong(3, (leaves >>> level) - 1);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            throw new StoreException(
                "the ledger of tenant " + tenant + " misses a tree node at level " + level, null);
          }
          tree.frontier[level] = Hash.of(rows.getBytes(1));
        }
      }
    }
    return tree;
  }

  long size() {
    return size;
  }

  /** Appends a leaf; returns its index. Hands every completed node, the leaf included, to sink. */
  long append(Hash leaf, MerkleHasher hasher, NodeSink sink) throws SQLException {
    long index = size;
    Hash current = leaf;
    int level = 0;
    long position = index;
    sink.node(0, position, current);
    while ((position & 1) == 1) {
      current = hasher.nodeHash(frontier[level], current);
      frontier[level] = null;
      level++;
      position >>>= 1;
      sink.node(level, position, current);
    }
    frontier[level] = current;
    size = index + 1;
    return index;
  }

  TenantId tenant() {
    return tenant;
  }

  private static long count(Connection connection, String sql, TenantId tenant)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, tenant.value());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
