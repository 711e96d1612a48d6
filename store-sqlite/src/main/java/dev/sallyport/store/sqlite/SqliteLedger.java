package dev.sallyport.store.sqlite;

import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.LedgerVerificationException;
import dev.sallyport.ledger.bundle.BundleManifest;
import dev.sallyport.ledger.bundle.BundleWriter;
import dev.sallyport.ledger.merkle.ConsistencyProof;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InclusionProof;
import dev.sallyport.ledger.merkle.MerkleNodes;
import dev.sallyport.ledger.merkle.ProofBuilder;
import dev.sallyport.ledger.merkle.TiledMerkleNodes;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.note.VerifierKey;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of the tamper-evident ledger on SQLite: signed checkpoints, proofs and export
 * bundles over what {@link SqliteAuditLog} appended.
 *
 * <p>A checkpoint is signed only after the new tree is proven consistent with the last signed one,
 * so Sallyport never signs two inconsistent checkpoints; a database edited behind its back makes
 * checkpointing fail loudly instead.
 */
public final class SqliteLedger implements LedgerReader, AutoCloseable {
  private final Connection connection;
  private final SqliteTiles tiles;
  private final LedgerSigningKeys keys;
  private final Clock clock;

  public SqliteLedger(SqliteDatabase database, LedgerSigningKeys keys, Clock clock) {
    try {
      this.connection = database.connect();
      // A proof reads one tile per four tree levels: 64 MB of page cache keeps every level above
      // the leaves of a ten-million-entry log in memory, so a proof reads about one page from disk.
      try (java.sql.Statement pragma = connection.createStatement()) {
        pragma.execute("PRAGMA cache_size = -65536");
      }
    } catch (SQLException e) {
      throw new StoreException("cannot open the ledger", e);
    }
    this.tiles = new SqliteTiles(connection);
    this.keys = keys;
    this.clock = clock;
  }

  /** Tenants that have a log, in id order. */
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
        throw new StoreException("cannot read the ledger", e);
      }
    }
    return tenants;
  }

  /** The tenant's public verifier key, for auditors to pin when they verify a bundle. */
  public VerifierKey verifierKey(TenantId tenant) {
    return keys.signer(tenant).verifierKey();
  }

  /** Number of entries in the tenant's log. */
  public long size(TenantId tenant) {
    return nodes(tenant).size();
  }

  /**
   * Signs a checkpoint of the tenant's current tree, unless the latest one already covers it.
   *
   * @throws StoreException when the tree is not consistent with the last signed checkpoint
   */
  public synchronized Optional<SignedCheckpoint> checkpoint(TenantId tenant) {
    MerkleNodes nodes = nodes(tenant);
    long size = nodes.size();
    Optional<SignedCheckpoint> latest = latestCheckpoint(tenant);
    if (size == 0 || (latest.isPresent() && latest.get().checkpoint().size() >= size)) {
      return latest;
    }
    ProofBuilder proofs = new ProofBuilder(nodes);
    Hash root = proofs.root(size);
    if (latest.isPresent()) {
      Checkpoint previous = latest.get().checkpoint();
      try {
        proofs.consistency(previous.size(), size).verify(previous.root(), root);
      } catch (LedgerVerificationException | RuntimeException e) {
        throw new StoreException(
            "refusing to sign: the tree of tenant "
                + tenant
                + " is not consistent with checkpoint "
                + previous.size(),
            e);
      }
    }
    Ed25519NoteSigner signer = keys.signer(tenant);
    SignedCheckpoint signed =
        SignedCheckpoint.sign(new Checkpoint(keys.origin(tenant), size, root), signer);
    synchronized (connection) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO ledger_checkpoints (tenant, size, note, signed_at) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, tenant.value());
        insert.setLong(2, size);
        insert.setBytes(3, signed.toBytes());
        insert.setString(4, clock.instant().toString());
        insert.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException("cannot store the checkpoint", e);
      }
    }
    return Optional.of(signed);
  }

  /** Checkpoints every tenant with new entries; what the once-a-second task calls. */
  public void checkpointAll() {
    for (TenantId tenant : tenants()) {
      checkpoint(tenant);
    }
  }

  @Override
  public Optional<SignedCheckpoint> latestCheckpoint(TenantId tenant) {
    List<SignedCheckpoint> all = checkpoints(tenant, 1);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** The tenant's checkpoints, newest first, at most {@code limit}. */
  public List<SignedCheckpoint> checkpoints(TenantId tenant, int limit) {
    List<SignedCheckpoint> checkpoints = new ArrayList<>();
    synchronized (connection) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT note FROM ledger_checkpoints WHERE tenant = ? ORDER BY size DESC LIMIT ?")) {
        select.setString(1, tenant.value());
        select.setInt(2, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            checkpoints.add(
                SignedCheckpoint.open(
                    rows.getBytes(1), keys.signer(tenant).verifierKey(), keys.origin(tenant)));
          }
        }
      } catch (SQLException e) {
        throw new StoreException("cannot read checkpoints", e);
      } catch (LedgerVerificationException | LedgerFormatException e) {
        throw new StoreException("a stored checkpoint of tenant " + tenant + " does not verify", e);
      }
    }
    return checkpoints;
  }

  @Override
  public InclusionProof inclusion(TenantId tenant, long index, long size) {
    return new ProofBuilder(nodes(tenant)).inclusion(index, size);
  }

  @Override
  public ConsistencyProof consistency(TenantId tenant, long from, long to) {
    return new ProofBuilder(nodes(tenant)).consistency(from, to);
  }

  /**
   * Writes the tenant's offline bundle (docs/ledger.md): its checkpoints, oldest first, then every
   * entry the latest covers, pruned ones as their leaf hash.
   *
   * @throws LedgerDamagedException naming the first index when rows are missing from the database
   */
  public void export(TenantId tenant, OutputStream out) throws IOException {
    checkpoint(tenant);
    List<SignedCheckpoint> newestFirst = checkpoints(tenant, 100_000);
    if (newestFirst.isEmpty()) {
      throw new LedgerDamagedException(0, "the log of tenant " + tenant + " is empty");
    }
    List<SignedCheckpoint> checkpoints = new ArrayList<>(newestFirst.reversed());
    long size = checkpoints.get(checkpoints.size() - 1).checkpoint().size();
    BundleWriter writer =
        new BundleWriter(
            out,
            new BundleManifest(keys.origin(tenant), tenant, keys.signer(tenant).verifierKey()),
            checkpoints);
    synchronized (connection) {
      try (PreparedStatement select =
          connection.prepareStatement(
              // The leaf hash recorded for entry i is hash i % 16 of leaf tile i / 16 (Tile.WIDTH).
              "SELECT e.idx, e.body, substr(t.hashes, e.idx % 16 * 32 + 1, 32)"
                  + " FROM audit_events e LEFT JOIN ledger_tiles t"
                  + " ON t.tenant = e.tenant AND t.level = 0 AND t.idx = e.idx / 16"
                  + " WHERE e.tenant = ? AND e.idx < ? ORDER BY e.idx")) {
        select.setString(1, tenant.value());
        select.setLong(2, size);
        long expected = 0;
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long index = rows.getLong(1);
            if (index != expected) {
              throw new LedgerDamagedException(
                  expected, "entry " + expected + " is missing from the database");
            }
            byte[] body = rows.getBytes(2);
            byte[] leaf = rows.getBytes(3);
            if (leaf == null || leaf.length != Hash.LENGTH) {
              throw new LedgerDamagedException(
                  index, "entry " + index + " has no leaf hash in the tree");
            }
            if (body == null) {
              writer.appendPruned(Hash.of(leaf));
            } else {
              try {
                writer.appendStored(Hash.of(leaf), body);
              } catch (IllegalArgumentException e) {
                throw new LedgerDamagedException(
                    index, "entry " + index + " is not canonical JSON: " + e.getMessage());
              }
            }
            expected++;
          }
        }
        if (expected < size) {
          throw new LedgerDamagedException(
              expected,
              "the log is truncated: entries from "
                  + expected
                  + " to "
                  + (size - 1)
                  + " are missing");
        }
      } catch (SQLException e) {
        throw new StoreException("cannot read the ledger", e);
      }
    }
    writer.finish();
  }

  @Override
  public List<Entry> entries(TenantId tenant, long start, long end) {
    List<Entry> entries = new ArrayList<>();
    synchronized (connection) {
      // The tree lists the entries (a pruned or deleted body is an entry without an event).
      List<Hash> leaves = tiles.leafHashes(tenant, start, end);
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT idx, body FROM audit_events WHERE tenant = ? AND idx >= ? AND idx < ?"
                  + " ORDER BY idx")) {
        select.setString(1, tenant.value());
        select.setLong(2, start);
        select.setLong(3, start + leaves.size());
        Map<Long, byte[]> bodies = new HashMap<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            bodies.put(rows.getLong(1), rows.getBytes(2));
          }
        }
        for (int i = 0; i < leaves.size(); i++) {
          byte[] body = bodies.get(start + i);
          entries.add(
              new Entry(
                  start + i,
                  leaves.get(i),
                  body == null
                      ? Optional.empty()
                      : Optional.of(new String(body, java.nio.charset.StandardCharsets.UTF_8))));
        }
      } catch (SQLException e) {
        throw new StoreException("cannot read the ledger", e);
      }
    }
    return entries;
  }

  private MerkleNodes nodes(TenantId tenant) {
    return new TiledMerkleNodes(tiles.of(tenant));
  }

  @Override
  public void close() {
    synchronized (connection) {
      try {
        tiles.close();
        connection.close();
      } catch (SQLException e) {
        throw new StoreException("cannot close the ledger", e);
      }
    }
  }
}
