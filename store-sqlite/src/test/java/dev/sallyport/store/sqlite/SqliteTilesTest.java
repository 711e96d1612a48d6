package dev.sallyport.store.sqlite;

import static dev.sallyport.ledger.store.AuditLogContract.ACME;
import static dev.sallyport.ledger.store.AuditLogContract.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InMemoryMerkleNodes;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.merkle.ProofBuilder;
import dev.sallyport.ledger.merkle.Tile;
import dev.sallyport.ledger.merkle.TileAppender;
import dev.sallyport.ledger.merkle.TileId;
import dev.sallyport.ledger.merkle.TiledMerkleNodes;
import dev.sallyport.store.jdbc.JdbcTiles;
import dev.sallyport.testing.TestingClock;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiles as SQLite stores them: written by the writer's statements, read back into the same
 * roots and proofs as the node-per-hash reference at every tile boundary, and moved over from the
 * node-per-row layout of older databases.
 */
class SqliteTilesTest {
  @TempDir Path data;

  private final MerkleHasher hasher = new MerkleHasher();

  private Hash leaf(long n) {
    return hasher.leafHash(("entry " + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Appends {@code leaves} in group commits of 64, with the writer's own statements. */
  private static void write(Connection connection, TileAppender appender, List<Hash> leaves)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(JdbcTiles.UPSERT)) {
      for (int start = 0; start < leaves.size(); start += 64) {
        for (Hash leaf : leaves.subList(start, Math.min(leaves.size(), start + 64))) {
          appender.append(leaf);
        }
        JdbcTiles.addBatch(upsert, ACME, appender.takeChangedTiles());
        JdbcTiles.write(upsert);
        connection.commit();
      }
    }
  }

  @Test
  void proofsFromSqliteTilesEqualTheReferenceAtTileBoundaries() throws Exception {
    SqliteDatabase database = SqliteDatabase.open(data);
    InMemoryMerkleNodes reference = new InMemoryMerkleNodes();
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      TileAppender appender = TileAppender.empty();
      long[] sizes = {255, 256, 257, 65536, 65537};
      for (long size : sizes) {
        List<Hash> next =
            java.util.stream.LongStream.range(appender.size(), size).mapToObj(this::leaf).toList();
        next.forEach(reference::appendLeaf);
        write(connection, appender, next);
        // A fresh appender from what was committed continues the same tree.
        JdbcTiles tiles = new JdbcTiles(connection);
        appender = TileAppender.resume(tiles.of(ACME));

        ProofBuilder expected = new ProofBuilder(reference);
        ProofBuilder actual = new ProofBuilder(new TiledMerkleNodes(tiles.of(ACME)));
        assertThat(tiles.of(ACME).size()).isEqualTo(size);
        assertThat(actual.root(size)).isEqualTo(expected.root(size));
        for (long index :
            new long[] {0, 15, 16, 254, size - 2, size - 1, size / 2, size / 3, 65535 % size}) {
          assertThat(actual.inclusion(index, size))
              .as("inclusion of %d in %d", index, size)
              .isEqualTo(expected.inclusion(index, size));
        }
        for (long from : new long[] {1, 16, 255, 256, size - 1}) {
          if (from <= size) {
            assertThat(actual.consistency(from, size)).isEqualTo(expected.consistency(from, size));
          }
        }
      }
    }
  }

  @Test
  void aTileIsOnlyEverReplacedByALongerOneThatStartsWithIt() throws Exception {
    SqliteDatabase database = SqliteDatabase.open(data);
    try (Connection connection = database.connect();
        PreparedStatement upsert = connection.prepareStatement(JdbcTiles.UPSERT)) {
      TileId id = new TileId(0, 0);
      byte[] three = new byte[3 * 32];
      byte[] five = new byte[5 * 32];
      JdbcTiles.addBatch(upsert, ACME, List.of(Tile.of(id, three)));
      JdbcTiles.write(upsert);
      JdbcTiles.addBatch(upsert, ACME, List.of(Tile.of(id, five)));
      JdbcTiles.write(upsert);

      byte[] sixNotStartingWithFive = new byte[6 * 32];
      sixNotStartingWithFive[0] = 1;
      JdbcTiles.addBatch(upsert, ACME, List.of(Tile.of(id, sixNotStartingWithFive)));
      assertThatThrownBy(() -> JdbcTiles.write(upsert))
          .isInstanceOf(dev.sallyport.ledger.store.LedgerStoreException.class)
          .hasMessageContaining("refusing to overwrite");
      JdbcTiles.addBatch(upsert, ACME, List.of(Tile.of(id, new byte[4 * 32])));
      assertThatThrownBy(() -> JdbcTiles.write(upsert))
          .isInstanceOf(dev.sallyport.ledger.store.LedgerStoreException.class);
      assertThat(new JdbcTiles(connection).of(ACME).size()).isEqualTo(5);
    }
  }

  @Test
  void aDatabaseWithOneRowPerNodeMovesToTilesWithTheSameTree() throws Exception {
    String url = "jdbc:sqlite:" + data.resolve("sallyport.db").toAbsolutePath();
    Flyway.configure()
        .dataSource(url, "", "")
        .locations("classpath:db/sqlite")
        .target("2")
        .load()
        .migrate();
    InMemoryMerkleNodes reference = new InMemoryMerkleNodes();
    try (Connection connection = DriverManager.getConnection(url)) {
      connection.setAutoCommit(false);
      try (PreparedStatement event =
              connection.prepareStatement(
                  "INSERT INTO audit_events (tenant, idx, id, time, type, body) VALUES (?, ?, ?, ?, ?, ?)");
          PreparedStatement node =
              connection.prepareStatement(
                  "INSERT INTO ledger_nodes (tenant, level, idx, hash) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < 300; i++) {
          byte[] body = event(ACME, i).canonicalBytes();
          reference.appendData(body);
          event.setString(1, "acme");
          event.setLong(2, i);
          event.setString(3, event(ACME, i).id());
          event.setString(4, event(ACME, i).time().toString());
          event.setString(5, "decision");
          event.setBytes(6, body);
          event.executeUpdate();
        }
        // Every perfect subtree, as the node-per-row writer stored them.
        for (int level = 0; level < 9; level++) {
          for (long index = 0; (index + 1) << level <= 300; index++) {
            node.setString(1, "acme");
            node.setInt(2, level);
            node.setLong(3, index);
            node.setBytes(
                4,
                reference
                    .hashes(List.of(new dev.sallyport.ledger.merkle.NodeId(level, index)))
                    .get(0)
                    .bytes());
            node.executeUpdate();
          }
        }
      }
      connection.commit();
    }

    SqliteDatabase database = SqliteDatabase.open(data);
    try (SqliteAuditLog log = new SqliteAuditLog(database, Duration.ofSeconds(5));
        SqliteLedger ledger =
            new SqliteLedger(
                database,
                new LedgerSigningKeys(data, "sallyport.local", new SecureRandom()),
                new TestingClock(Instant.parse("2026-01-05T10:00:00Z")))) {
      ProofBuilder expected = new ProofBuilder(reference);
      assertThat(ledger.size(ACME)).isEqualTo(300);
      assertThat(ledger.checkpoint(ACME).orElseThrow().checkpoint().root())
          .isEqualTo(expected.root(300));
      assertThat(ledger.inclusion(ACME, 123, 300)).isEqualTo(expected.inclusion(123, 300));
      assertThat(ledger.consistency(ACME, 17, 300)).isEqualTo(expected.consistency(17, 300));

      assertThat(log.append(event(ACME, 300))).isEqualTo(300);
      ledger.checkpoint(ACME);
      Path bundle = data.resolve("acme.bundle");
      try (OutputStream out = Files.newOutputStream(bundle)) {
        ledger.export(ACME, out);
      }
      assertThat(new BundleVerifier(Optional.empty()).verify(bundle).size()).isEqualTo(301);
    }
  }

  @Test
  void aNodeMissingFromAnOldDatabaseLeavesItsTileOutSoProofsFail() throws Exception {
    String url = "jdbc:sqlite:" + data.resolve("sallyport.db").toAbsolutePath();
    Flyway.configure()
        .dataSource(url, "", "")
        .locations("classpath:db/sqlite")
        .target("2")
        .load()
        .migrate();
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement node =
            connection.prepareStatement(
                "INSERT INTO ledger_nodes (tenant, level, idx, hash) VALUES ('acme', 0, ?, ?)")) {
      for (int i = 0; i < 40; i++) {
        if (i != 20) {
          node.setLong(1, i);
          node.setBytes(2, leaf(i).bytes());
          node.executeUpdate();
        }
      }
    }

    SqliteDatabase database = SqliteDatabase.open(data);
    try (Connection connection = database.connect()) {
      JdbcTiles tiles = new JdbcTiles(connection);
      assertThat(tiles.of(ACME).size()).isEqualTo(40);
      assertThat(tiles.of(ACME).tiles(List.of(new TileId(0, 1)))).isEmpty();
      assertThatThrownBy(
              () -> new ProofBuilder(new TiledMerkleNodes(tiles.of(ACME))).inclusion(21, 40))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
