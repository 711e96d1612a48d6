package dev.sallyport.store.sqlite;

import static dev.sallyport.store.sqlite.AuditLogContract.ACME;
import static dev.sallyport.store.sqlite.AuditLogContract.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.bundle.BundleTamperedException;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.bundle.TamperKind;
import dev.sallyport.ledger.bundle.VerifiedBundle;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.testing.TestingClock;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger on SQLite: checkpoints, proofs and export bundles, and what an administrator who edits
 * the database file behind Sallyport's back gets caught by.
 */
class SqliteLedgerTest {
  @TempDir Path data;
  SqliteDatabase database;
  SqliteAuditLog log;
  SqliteLedger ledger;

  @BeforeEach
  void open() {
    database = SqliteDatabase.open(data);
    log = new SqliteAuditLog(database, Duration.ofSeconds(5));
    ledger = newLedger();
  }

  private SqliteLedger newLedger() {
    return new SqliteLedger(
        database,
        new LedgerSigningKeys(data, "sallyport.local", new SecureRandom()),
        new TestingClock(Instant.parse("2026-01-05T10:00:00Z")));
  }

  @AfterEach
  void close() {
    ledger.close();
    log.close();
  }

  /** 20 events with checkpoints at 10 and 20. */
  private void twentyEventsTwoCheckpoints() {
    for (int i = 0; i < 10; i++) {
      log.append(event(ACME, i));
    }
    ledger.checkpoint(ACME);
    for (int i = 10; i < 20; i++) {
      log.append(event(ACME, i));
    }
    ledger.checkpoint(ACME);
  }

  private Path export() throws Exception {
    Path bundle = data.resolve("acme.bundle");
    try (OutputStream out = Files.newOutputStream(bundle)) {
      ledger.export(ACME, out);
    }
    return bundle;
  }

  private BundleTamperedException tampered() throws Exception {
    Path bundle = export();
    try {
      new BundleVerifier(Optional.empty()).verify(bundle);
    } catch (BundleTamperedException e) {
      return e;
    }
    throw new AssertionError("the bundle verified");
  }

  private void sql(String statement) throws Exception {
    try (Connection connection = database.connect();
        Statement s = connection.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void anUntouchedLogExportsABundleThatVerifies() throws Exception {
    twentyEventsTwoCheckpoints();

    VerifiedBundle verified = new BundleVerifier(Optional.empty()).verify(export());

    assertThat(verified.size()).isEqualTo(20);
    assertThat(verified.checkpoints()).isEqualTo(2);
    assertThat(verified.manifest().origin()).isEqualTo("sallyport.local/acme");
  }

  @Test
  void theRootOfTheTreeMatchesAFreshComputationAndProofsVerify() throws Exception {
    twentyEventsTwoCheckpoints();
    MerkleHasher hasher = new MerkleHasher();
    dev.sallyport.ledger.merkle.CompactRange range = new dev.sallyport.ledger.merkle.CompactRange();
    for (int i = 0; i < 20; i++) {
      range.append(hasher.leafHash(event(ACME, i).canonicalBytes()));
    }
    SignedCheckpoint latest = ledger.latestCheckpoint(ACME).orElseThrow();

    assertThat(latest.checkpoint().root()).isEqualTo(range.root());
    Hash leaf7 = hasher.leafHash(event(ACME, 7).canonicalBytes());
    ledger.inclusion(ACME, 7, 20).verify(leaf7, latest.checkpoint().root());
    Checkpoint first = ledger.checkpoints(ACME, 10).get(1).checkpoint();
    ledger.consistency(ACME, 10, 20).verify(first.root(), latest.checkpoint().root());
  }

  @Test
  void checkpointsAreSignedOnlyWhenTheLogGrew() {
    twentyEventsTwoCheckpoints();

    ledger.checkpoint(ACME);

    assertThat(ledger.checkpoints(ACME, 100)).hasSize(2);
  }

  @Test
  void theLogSurvivesARestartAndKeepsGrowingTheSameTree() throws Exception {
    twentyEventsTwoCheckpoints();
    log.close();
    log = new SqliteAuditLog(database, Duration.ofSeconds(5));
    log.append(event(ACME, 20));
    ledger.checkpoint(ACME);

    assertThat(new BundleVerifier(Optional.empty()).verify(export()).size()).isEqualTo(21);
  }

  @Test
  void aChangedByteInAnEventIsNamedAsAModifiedEntry() throws Exception {
    twentyEventsTwoCheckpoints();
    sql(
        "UPDATE audit_events SET body = CAST(replace(CAST(body AS TEXT), 'agent-5', 'agent-9') AS BLOB) WHERE idx = 5");

    BundleTamperedException e = tampered();

    assertThat(e.kind()).isEqualTo(TamperKind.MODIFIED_ENTRY);
    assertThat(e.index()).isEqualTo(5);
  }

  @Test
  void twoSwappedEventsAreCaught() throws Exception {
    twentyEventsTwoCheckpoints();
    sql("UPDATE audit_events SET idx = -1 WHERE idx = 3");
    sql("UPDATE audit_events SET idx = 3 WHERE idx = 4");
    sql("UPDATE audit_events SET idx = 4 WHERE idx = -1");

    BundleTamperedException e = tampered();

    assertThat(e.index()).isEqualTo(3);
    assertThat(e.kind()).isIn(TamperKind.REORDERED_ENTRIES, TamperKind.MODIFIED_ENTRY);
  }

  @Test
  void anInsertedEventIsCaught() throws Exception {
    twentyEventsTwoCheckpoints();
    // Shift everything from 8 up by one and put a forged event at 8, tree rows included.
    sql("UPDATE audit_events SET idx = idx + 1000 WHERE idx >= 8");
    sql("UPDATE audit_events SET idx = idx - 999 WHERE idx >= 1000");
    try (Connection connection = database.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO audit_events (tenant, idx, id, time, type, body) VALUES ('acme', 8, 'x', 't', 'decision', ?)")) {
      insert.setBytes(1, event(ACME, 99).canonicalBytes());
      insert.executeUpdate();
    }

    BundleTamperedException e = tampered();

    assertThat(e.index()).isEqualTo(8);
  }

  @Test
  void aDeletedEventIsNamedByTheExport() throws Exception {
    twentyEventsTwoCheckpoints();
    sql("DELETE FROM audit_events WHERE idx = 12");

    assertThatThrownBy(this::export)
        .isInstanceOfSatisfying(
            LedgerDamagedException.class, e -> assertThat(e.index()).isEqualTo(12))
        .hasMessageContaining("entry 12 is missing");
  }

  @Test
  void aTruncatedTailIsNamedByTheExport() throws Exception {
    twentyEventsTwoCheckpoints();
    sql("DELETE FROM audit_events WHERE idx >= 17");

    assertThatThrownBy(this::export)
        .isInstanceOfSatisfying(
            LedgerDamagedException.class, e -> assertThat(e.index()).isEqualTo(17))
        .hasMessageContaining("truncated");
  }

  @Test
  void aReplacedCheckpointFailsItsSignature() throws Exception {
    twentyEventsTwoCheckpoints();
    Ed25519NoteSigner impostor =
        Ed25519NoteSigner.generate("sallyport.local/acme", new SecureRandom());
    SignedCheckpoint forged =
        SignedCheckpoint.sign(
            new Checkpoint("sallyport.local/acme", 20, Hash.of(new byte[32])), impostor);
    try (Connection connection = database.connect();
        PreparedStatement update =
            connection.prepareStatement("UPDATE ledger_checkpoints SET note = ? WHERE size = 20")) {
      update.setBytes(1, forged.toBytes());
      update.executeUpdate();
    }

    assertThatThrownBy(this::export)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void aRewrittenTreeIsNeverSignedAgain() throws Exception {
    twentyEventsTwoCheckpoints();
    // Leaves 0-15, and tree level 4 (the root of those leaves), which the next append keeps.
    sql("UPDATE ledger_tiles SET hashes = zeroblob(length(hashes)) WHERE level = 0 AND idx = 0");
    sql("UPDATE ledger_tiles SET hashes = zeroblob(length(hashes)) WHERE level = 1 AND idx = 0");
    log.append(event(ACME, 20));

    assertThatThrownBy(() -> ledger.checkpoint(ACME))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not consistent with checkpoint 20");
  }

  @Test
  void theTreeIsStoredAsTilesOfSixteenHashes() throws Exception {
    twentyEventsTwoCheckpoints();
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement s = connection.createStatement();
        ResultSet result =
            s.executeQuery(
                "SELECT level, idx, length(hashes) FROM ledger_tiles ORDER BY level, idx")) {
      while (result.next()) {
        rows.add(result.getInt(1) + "/" + result.getLong(2) + ":" + result.getInt(3));
      }
    }

    // Leaves 0-15, leaves 16-19, and the one complete node of tree level 4.
    assertThat(rows).containsExactly("0/0:512", "0/1:128", "1/0:32");
  }

  @Test
  void aTruncatedTileInsideTheTreeFailsProofsAndIsNamedByTheExport() throws Exception {
    twentyEventsTwoCheckpoints();
    sql("UPDATE ledger_tiles SET hashes = substr(hashes, 1, 5 * 32) WHERE level = 0 AND idx = 0");

    assertThatThrownBy(() -> ledger.inclusion(ACME, 7, 20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tile 0/0, which holds 5");
    assertThatThrownBy(this::export)
        .isInstanceOfSatisfying(
            LedgerDamagedException.class, e -> assertThat(e.index()).isEqualTo(5))
        .hasMessageContaining("entry 5 has no leaf hash");
  }

  @Test
  void anEdgeTileRewrittenBehindTheWritersBackIsNotOverwrittenAndNeverSigned() throws Exception {
    twentyEventsTwoCheckpoints();
    sql("UPDATE ledger_tiles SET hashes = zeroblob(length(hashes)) WHERE level = 0 AND idx = 1");

    assertThatThrownBy(() -> log.append(event(ACME, 20)))
        .isInstanceOf(dev.sallyport.ledger.AuditUnavailableException.class);
    log.append(event(ACME, 20));
    assertThatThrownBy(() -> ledger.checkpoint(ACME))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not consistent with checkpoint 20");
  }

  @Test
  void aPrunedBodyKeepsTheBundleVerifiable() throws Exception {
    twentyEventsTwoCheckpoints();
    sql("UPDATE audit_events SET body = NULL WHERE idx < 5");

    VerifiedBundle verified = new BundleVerifier(Optional.empty()).verify(export());

    assertThat(verified.prunedEntries()).isEqualTo(5);
  }

  @Test
  void eventsAndTreeThatDisagreeStopAppends() throws Exception {
    twentyEventsTwoCheckpoints();
    log.close();
    // The leaf tile of entries 16-19 loses its last hash: the tree now holds 19 leaves.
    sql("UPDATE ledger_tiles SET hashes = substr(hashes, 1, 3 * 32) WHERE level = 0 AND idx = 1");
    log = new SqliteAuditLog(database, Duration.ofSeconds(5));

    assertThatThrownBy(() -> log.append(event(ACME, 20)))
        .isInstanceOf(dev.sallyport.ledger.AuditUnavailableException.class);
  }

  @Test
  void exportsStreamWithoutHoldingTheWholeLog() throws Exception {
    twentyEventsTwoCheckpoints();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ledger.export(ACME, out);

    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("sallyport.dev/ledger-bundle@v1\n");
  }
}
