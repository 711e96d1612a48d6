package dev.sallyport.ledger.store;

import static dev.sallyport.ledger.store.AuditLogContract.ACME;
import static dev.sallyport.ledger.store.AuditLogContract.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.bundle.BundleTamperedException;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.bundle.TamperKind;
import dev.sallyport.ledger.bundle.VerifiedBundle;
import dev.sallyport.ledger.merkle.CompactRange;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.testing.TestingClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every ledger backend must do, written once: checkpoints, proofs and export bundles, and what
 * an administrator who edits the database behind Sallyport's back gets caught by.
 */
public abstract class LedgerContract {
  @TempDir Path folder;
  protected LedgerBackend backend;
  protected SigningKeys keys;
  protected AuditLog log;
  protected Ledger ledger;

  /** A fresh, empty database of the backend. */
  protected abstract LedgerBackend newBackend();

  /** The tenants' signing keys, origin host {@code sallyport.local}. */
  protected SigningKeys newKeys() {
    return new TestingSigningKeys("sallyport.local");
  }

  @BeforeEach
  void open() {
    backend = newBackend();
    keys = newKeys();
    log = backend.openLog();
    ledger = backend.openLedger(keys, new TestingClock(Instant.parse("2026-01-05T10:00:00Z")));
  }

  @AfterEach
  void close() {
    ledger.close();
    log.close();
    backend.close();
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
    Path bundle = folder.resolve("acme.bundle");
    try (var out = Files.newOutputStream(bundle)) {
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

  @Test
  void anUntouchedLogExportsABundleThatVerifies() throws Exception {
    twentyEventsTwoCheckpoints();

    VerifiedBundle verified =
        new BundleVerifier(Optional.of(ledger.verifierKey(ACME))).verify(export());

    assertThat(verified.size()).isEqualTo(20);
    assertThat(verified.checkpoints()).isEqualTo(2);
    assertThat(verified.manifest().origin()).isEqualTo("sallyport.local/acme");
    assertThat(ledger.tenants()).containsExactly(ACME);
  }

  @Test
  void aLongLogExportsAndListsEveryEntryAcrossReads() throws Exception {
    MerkleHasher hasher = new MerkleHasher();
    List<Hash> leaves = new ArrayList<>();
    int count = Ledger.ROWS_PER_READ + 37;
    for (int i = 0; i < count; i++) {
      log.append(event(ACME, i));
      leaves.add(hasher.leafHash(event(ACME, i).canonicalBytes()));
    }

    assertThat(new BundleVerifier(Optional.empty()).verify(export()).size()).isEqualTo(count);
    List<LedgerReader.Entry> entries = ledger.entries(ACME, 5, count + 10);
    assertThat(entries).extracting(LedgerReader.Entry::index).first().isEqualTo(5L);
    assertThat(entries)
        .extracting(LedgerReader.Entry::leafHash)
        .isEqualTo(leaves.subList(5, count));
    assertThat(entries.get(count - 6).canonicalJson()).contains(event(ACME, count - 1).toString());
    assertThat(ledger.entries(ACME, count, count + 5)).isEmpty();
  }

  @Test
  void theRootOfTheTreeMatchesAFreshComputationAndProofsVerify() throws Exception {
    twentyEventsTwoCheckpoints();
    MerkleHasher hasher = new MerkleHasher();
    CompactRange range = new CompactRange();
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
    log = backend.openLog();
    log.append(event(ACME, 20));
    ledger.checkpoint(ACME);

    assertThat(new BundleVerifier(Optional.empty()).verify(export()).size()).isEqualTo(21);
  }

  @Test
  void aChangedByteInAnEventIsNamedAsAModifiedEntry() throws Exception {
    twentyEventsTwoCheckpoints();
    backend.editBody(5, "agent-5", "agent-9");

    BundleTamperedException e = tampered();

    assertThat(e.kind()).isEqualTo(TamperKind.MODIFIED_ENTRY);
    assertThat(e.index()).isEqualTo(5);
  }

  @Test
  void twoSwappedEventsAreCaught() throws Exception {
    twentyEventsTwoCheckpoints();
    backend.sql("UPDATE audit_events SET idx = -1 WHERE idx = 3");
    backend.sql("UPDATE audit_events SET idx = 3 WHERE idx = 4");
    backend.sql("UPDATE audit_events SET idx = 4 WHERE idx = -1");

    BundleTamperedException e = tampered();

    assertThat(e.index()).isEqualTo(3);
    assertThat(e.kind()).isIn(TamperKind.REORDERED_ENTRIES, TamperKind.MODIFIED_ENTRY);
  }

  @Test
  void anInsertedEventIsCaught() throws Exception {
    twentyEventsTwoCheckpoints();
    // Shift everything from 8 up by one and put a forged event at 8.
    backend.sql("UPDATE audit_events SET idx = idx + 1000 WHERE idx >= 8");
    backend.sql("UPDATE audit_events SET idx = idx - 999 WHERE idx >= 1000");
    backend.insertEvent(8, event(ACME, 99).canonicalBytes());

    BundleTamperedException e = tampered();

    assertThat(e.index()).isEqualTo(8);
  }

  @Test
  void aDeletedEventIsNamedByTheExport() {
    twentyEventsTwoCheckpoints();
    backend.sql("DELETE FROM audit_events WHERE idx = 12");

    assertThatThrownBy(this::export)
        .isInstanceOfSatisfying(
            LedgerDamagedException.class, e -> assertThat(e.index()).isEqualTo(12))
        .hasMessageContaining("entry 12 is missing");
  }

  @Test
  void aTruncatedTailIsNamedByTheExport() {
    twentyEventsTwoCheckpoints();
    backend.sql("DELETE FROM audit_events WHERE idx >= 17");

    assertThatThrownBy(this::export)
        .isInstanceOfSatisfying(
            LedgerDamagedException.class, e -> assertThat(e.index()).isEqualTo(17))
        .hasMessageContaining("truncated");
  }

  @Test
  void aReplacedCheckpointFailsItsSignature() {
    twentyEventsTwoCheckpoints();
    Ed25519NoteSigner impostor =
        Ed25519NoteSigner.generate("sallyport.local/acme", new SecureRandom());
    SignedCheckpoint forged =
        SignedCheckpoint.sign(
            new Checkpoint("sallyport.local/acme", 20, Hash.of(new byte[32])), impostor);
    backend.replaceCheckpointNote(20, forged.toBytes());

    assertThatThrownBy(this::export)
        .isInstanceOf(LedgerStoreException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void aRewrittenTreeIsNeverSignedAgain() {
    twentyEventsTwoCheckpoints();
    // Leaves 0-15, and tree level 4 (the root of those leaves), which the next append keeps.
    backend.zeroTile(0, 0);
    backend.zeroTile(1, 0);
    log.append(event(ACME, 20));

    assertThatThrownBy(() -> ledger.checkpoint(ACME))
        .isInstanceOf(LedgerStoreException.class)
        .hasMessageContaining("not consistent with checkpoint 20");
  }

  @Test
  void theTreeIsStoredAsTilesOfSixteenHashes() {
    twentyEventsTwoCheckpoints();

    // Leaves 0-15, leaves 16-19, and the one complete node of tree level 4.
    assertThat(
            backend.query(
                "SELECT level, idx, length(hashes) FROM ledger_tiles ORDER BY level, idx"))
        .containsExactly("0/0/512", "0/1/128", "1/0/32");
  }

  @Test
  void aTruncatedTileInsideTheTreeFailsProofsAndIsNamedByTheExport() {
    twentyEventsTwoCheckpoints();
    backend.truncateTile(0, 0, 5);

    assertThatThrownBy(() -> ledger.inclusion(ACME, 7, 20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tile 0/0, which holds 5");
    assertThatThrownBy(this::export)
        .isInstanceOfSatisfying(
            LedgerDamagedException.class, e -> assertThat(e.index()).isEqualTo(5))
        .hasMessageContaining("entry 5 has no leaf hash");
  }

  @Test
  void anEdgeTileRewrittenBehindTheWritersBackIsNotOverwrittenAndNeverSigned() {
    twentyEventsTwoCheckpoints();
    backend.zeroTile(0, 1);

    assertThatThrownBy(() -> log.append(event(ACME, 20)))
        .isInstanceOf(AuditUnavailableException.class);
    log.append(event(ACME, 20));
    assertThatThrownBy(() -> ledger.checkpoint(ACME))
        .isInstanceOf(LedgerStoreException.class)
        .hasMessageContaining("not consistent with checkpoint 20");
  }

  @Test
  void aPrunedBodyKeepsTheBundleVerifiable() throws Exception {
    twentyEventsTwoCheckpoints();
    backend.sql("UPDATE audit_events SET body = NULL WHERE idx < 5");

    VerifiedBundle verified = new BundleVerifier(Optional.empty()).verify(export());

    assertThat(verified.prunedEntries()).isEqualTo(5);
  }

  @Test
  void eventsAndTreeThatDisagreeStopAppends() {
    twentyEventsTwoCheckpoints();
    log.close();
    // The leaf tile of entries 16-19 loses its last hash: the tree now holds 19 leaves.
    backend.truncateTile(0, 1, 3);
    log = backend.openLog();

    assertThatThrownBy(() -> log.append(event(ACME, 20)))
        .isInstanceOf(AuditUnavailableException.class);
  }

  @Test
  void exportsStreamWithoutHoldingTheWholeLog() throws Exception {
    twentyEventsTwoCheckpoints();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ledger.export(ACME, out);

    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("sallyport.dev/ledger-bundle@v1\n");
  }

  @Test
  void aSecondWriterOnTheSameDatabaseIsRefusedNeverForked() throws Exception {
    log.append(event(ACME, 0));
    try (AuditLog second = backend.openLog()) {
      assertThat(second.append(event(ACME, 1))).isEqualTo(1);

      // The first writer still believes the log ends at 1: its commit fails rather than
      // overwrite entry 1 or its tile, and it reloads the tree.
      assertThatThrownBy(() -> log.append(event(ACME, 2)))
          .isInstanceOf(AuditUnavailableException.class);
      assertThat(log.append(event(ACME, 3))).isEqualTo(2);
    }

    assertThat(log.read(ACME, 0, 10))
        .extracting(e -> e.actor())
        .containsExactly("agent-0", "agent-1", "agent-3");
    assertThat(new BundleVerifier(Optional.of(ledger.verifierKey(ACME))).verify(export()).size())
        .isEqualTo(3);
  }
}
